/**
 * The script that runs in the report page: reads the embedded data and draws the charts with
 * Chart.js. Kept as plain browser JavaScript (no build step, no template interpolation);
 * chart labels are drawn on canvas, so they are never parsed as HTML. Animations are off so
 * a chart is complete as soon as it is drawn; `data-charts-ready` tells tests it is done.
 */
export const BROWSER_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var GENDER_COLOURS = { F: '#c2255c', M: '#1971c2', X: '#e67700', unknown: '#868e96' };
  var PALETTE = ['#2f9e44', '#7048e8', '#0c8599', '#d9480f', '#5c940d', '#ae3ec9'];
  var colourFor = function (gender, i) { return GENDER_COLOURS[gender] || PALETTE[i % PALETTE.length]; };

  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.font.size = 13;
  Chart.defaults.color = '#343a40';

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }
  function unique(values) { return values.filter(function (v, i) { return values.indexOf(v) === i; }); }
  function round1(x) { return Math.round(x * 10) / 10; }

  var groups = data.bpmByAgeGender;
  var ages = unique(groups.map(function (g) { return g.age; }));
  var genders = unique(groups.map(function (g) { return g.gender; })).sort();
  function byGender(pick) {
    return genders.map(function (gender, i) {
      return {
        label: 'gender ' + gender,
        backgroundColor: colourFor(gender, i),
        borderColor: colourFor(gender, i),
        data: ages.map(function (age) {
          var g = groups.find(function (x) { return x.age === age && x.gender === gender; });
          return g ? pick(g) : null;
        })
      };
    });
  }
  draw('chart-bpm-avg', {
    type: 'bar',
    data: { labels: ages, datasets: byGender(function (g) { return round1(g.avg); }) },
    options: {
      plugins: { title: { display: true, text: 'Average heart rate (bpm) by age bin and gender' } },
      scales: { y: { title: { display: true, text: 'bpm' } }, x: { title: { display: true, text: 'age bin' } } }
    }
  });
  draw('chart-bpm-range', {
    type: 'bar',
    data: { labels: ages, datasets: byGender(function (g) { return [round1(g.min), round1(g.max)]; }) },
    options: {
      plugins: { title: { display: true, text: 'Heart-rate range (min to max, bpm) by age bin and gender' } },
      scales: { y: { title: { display: true, text: 'bpm' } }, x: { title: { display: true, text: 'age bin' } } }
    }
  });

  draw('chart-gym', {
    type: 'bar',
    data: {
      labels: data.gymDays.map(function (d) { return 'gym ' + d.gym + ' · ' + d.date; }),
      datasets: [
        { label: 'minutes in gym', backgroundColor: '#74c0fc', data: data.gymDays.map(function (d) { return round1(d.minutesInGym); }) },
        { label: 'minutes exercising', backgroundColor: '#2f9e44', data: data.gymDays.map(function (d) { return round1(d.minutesExercising); }) }
      ]
    },
    options: {
      plugins: { title: { display: true, text: 'Minutes in the gym vs exercising, per gym and day (all visits)' } },
      scales: { y: { title: { display: true, text: 'minutes' } } }
    }
  });

  draw('chart-hours', {
    type: 'bar',
    data: {
      labels: data.busiestHours.counts.map(function (_, h) { return (h < 10 ? '0' : '') + h + ':00'; }),
      datasets: [{ label: 'gym check-ins', backgroundColor: '#7048e8', data: data.busiestHours.counts }]
    },
    options: {
      plugins: { title: { display: true, text: 'Busiest hours: gym check-ins per hour of day (UTC)' }, legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'check-ins' } } }
    }
  });

  draw('chart-quality', {
    type: 'bar',
    data: {
      labels: data.dataQuality.map(function (q) { return q.feed; }),
      datasets: [
        { label: 'landed', backgroundColor: '#2f9e44', data: data.dataQuality.map(function (q) { return q.landed || null; }) },
        { label: 'quarantined', backgroundColor: '#e03131', data: data.dataQuality.map(function (q) { return q.quarantined || null; }) }
      ]
    },
    options: {
      indexAxis: 'y',
      plugins: { title: { display: true, text: 'Records landed and quarantined per feed (log scale)' } },
      scales: {
        x: {
          type: 'logarithmic',
          min: 0.5,
          title: { display: true, text: 'records' },
          ticks: {
            // Label the powers of ten only: the other log ticks make an unreadable row.
            callback: function (value) {
              var exponent = Math.log10(value);
              return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? Number(value).toLocaleString('en-US') : '';
            }
          }
        }
      }
    }
  });

  document.body.setAttribute('data-charts-ready', 'true');
})();
`;
