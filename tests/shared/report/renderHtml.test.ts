import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '../../../shared/report/escape.js';
import { renderReport } from '../../../shared/report/renderHtml.js';
import { buildReportModel } from '../../../shared/report/reportModel.js';
import { loadChartJs } from '../../../shared/report/chartLibrary.js';

const EVIL = `<script>alert("x")</script>&'`;

const model = buildReportModel({
  gold: {
    workoutBpmSummary: [
      {
        workout_id: 1,
        session_id: 1,
        user_id: 7,
        age: '25-35',
        gender: EVIL,
        city: `Coeur d'Alene </script><img src=x onerror=alert(1)>`,
        state: 'ID',
        min_bpm: 60,
        avg_bpm: 120,
        max_bpm: 170,
        num_recordings: 600,
      },
    ],
    gymSummary: [
      {
        date: '2025-03-10',
        gym: 1,
        mac_address: 'aa:bb:cc:dd:ee:ff',
        workout_id: 1,
        session_id: 1,
        minutes_in_gym: 30,
        minutes_exercising: 20,
      },
    ],
  },
  dataQuality: [{ feed: 'bpm', landed: 600, quarantined: 2 }],
  landedLogins: [Date.UTC(2025, 2, 10, 7) / 1000],
  generatedAt: new Date('2025-03-11T00:00:00Z'),
});

describe('escaping', () => {
  it('escapes every markup character in text', () => {
    expect(escapeHtml(EVIL)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
  });

  it('keeps JSON for a script element free of "<" and round-trips it', () => {
    const value = { city: '</script><!--', sep: '\u2028' };
    const json = jsonForScript(value);
    expect(json).not.toContain('<');
    expect(json).not.toContain('\u2028');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('renderReport', () => {
  const html = renderReport(model, '/* chart library */');

  it('never lets data text become markup', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Coeur d&#39;Alene &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;, ID');
    // Exactly the three script elements the page needs, and they all close where expected.
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('embeds its data and loads nothing from the network', () => {
    const data = html.match(/<script type="application\/json" id="report-data">([^<]*)<\/script>/);
    expect(data).not.toBeNull();
    expect(JSON.parse((data as RegExpMatchArray)[1] as string).topSessions[0].city).toContain('</script>');
    expect(html).toContain('http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;');
    expect(html).not.toMatch(/\s(src|href)=["']?(https?:)?\/\//i);
  });

  it('has a canvas per chart and the tables', () => {
    for (const id of ['chart-bpm-avg', 'chart-bpm-range', 'chart-gym', 'chart-hours', 'chart-quality'])
      expect(html).toContain(`<canvas id="${id}"`);
    expect(html).toContain('<td class="num">2</td>'); // quarantined bpm records
  });

  it('shows an empty state instead of charts when there is no gold data yet', () => {
    const empty = renderReport(
      buildReportModel({
        gold: { workoutBpmSummary: [], gymSummary: [] },
        dataQuality: [],
        landedLogins: [],
        generatedAt: new Date(),
      }),
      '',
    );
    expect(empty).not.toContain('<canvas');
    expect(empty).toContain('No data yet');
  });

  it('inlines the Chart.js UMD build with its licence banner', async () => {
    const chartJs = await loadChartJs();
    expect(chartJs).toMatch(/Chart\.js v4\.\d+\.\d+/);
    expect(chartJs).toContain('MIT');
    expect(renderReport(model, chartJs)).toContain(chartJs);
  });
});
