/**
 * The report as one self-contained HTML file: styles, data, Chart.js and the drawing script
 * are all inline, and a Content-Security-Policy forbids fetching anything, so it opens the
 * same offline. Every piece of text from the data is escaped.
 */
import { BROWSER_SCRIPT } from './browserScript.js';
import { escapeHtml, jsonForScript } from './escape.js';
import type { WorkoutBpmSummaryRow } from './goldTables.js';
import type { ReportModel } from './reportModel.js';

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
  :root { color-scheme: light; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f1f3f5; color: #212529; }
  header { background: #0b3d91; color: #fff; padding: 20px 32px; }
  header h1 { margin: 0; font-size: 26px; }
  header p { margin: 4px 0 0; opacity: .85; }
  main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 40px; }
  section { background: #fff; border-radius: 8px; padding: 16px 20px; margin: 16px 0; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h2 { margin: 0 0 8px; font-size: 19px; }
  .note { color: #495057; margin: 0 0 12px; }
  .kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; background: none; box-shadow: none; padding: 0; }
  .kpi { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  .kpi b { display: block; font-size: 26px; }
  .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
  .chart { position: relative; height: 320px; }
  .chart.wide { grid-column: 1 / -1; }
  table { border-collapse: collapse; width: 100%; margin-top: 12px; font-size: 14px; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e9ecef; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .empty { color: #868e96; font-style: italic; }
  details summary { cursor: pointer; color: #1971c2; margin-top: 8px; }
`;

const fmt = (x: number, digits = 1): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const int = (x: number): string => x.toLocaleString('en-US');

function table(headers: readonly (readonly [string, boolean])[], rows: readonly (readonly string[])[]): string {
  const head = headers.map(([h, num]) => `<th${num ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (cells) =>
        `<tr>${cells.map((c, i) => `<td${headers[i]?.[1] ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function chartOrEmpty(id: string, hasData: boolean, wide = false): string {
  return hasData
    ? `<div class="chart${wide ? ' wide' : ''}"><canvas id="${id}" role="img"></canvas></div>`
    : '<p class="empty">No data yet: run the pipeline first.</p>';
}

function kpis(model: ReportModel): string {
  const tiles: [string, string][] = [
    ['workouts summarised', int(model.totals.workouts)],
    ['users with workouts', int(model.totals.users)],
    ['gym visits', int(model.totals.gymVisits)],
    ['heart-rate readings in workouts', int(model.totals.readings)],
  ];
  return tiles
    .map(([label, value]) => `<div class="kpi"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`)
    .join('');
}

function bpmSection(model: ReportModel): string {
  const has = model.bpmByAgeGender.length > 0;
  const rows = model.bpmByAgeGender.map((g) => [
    g.age,
    g.gender,
    int(g.workouts),
    int(g.readings),
    fmt(g.min),
    fmt(g.avg),
    fmt(g.max),
  ]);
  return `<section id="bpm">
<h2>Heart rate by age bin and gender</h2>
<p class="note">From <code>workout_bpm_summary</code>: age bin at the workout date; the average is over every reading of the group.</p>
<div class="charts">${chartOrEmpty('chart-bpm-avg', has)}${chartOrEmpty('chart-bpm-range', has)}</div>
<details><summary>Table</summary>${table(
    [
      ['age bin', false],
      ['gender', false],
      ['workouts', true],
      ['readings', true],
      ['min bpm', true],
      ['avg bpm', true],
      ['max bpm', true],
    ],
    rows,
  )}</details>
</section>`;
}

function gymSection(model: ReportModel): string {
  const rows = model.gymDays.map((d) => [
    d.date,
    String(d.gym),
    int(d.visits),
    fmt(d.minutesInGym),
    fmt(d.minutesExercising),
    d.minutesInGym > 0 ? `${fmt((100 * d.minutesExercising) / d.minutesInGym, 0)} %` : '–',
  ]);
  return `<section id="gym">
<h2>Time in the gym vs exercising</h2>
<p class="note">From <code>gym_summary</code>: completed visits; exercising counts the overlap of each workout with the visit.</p>
<div class="charts">${chartOrEmpty('chart-gym', model.gymDays.length > 0, true)}</div>
<details><summary>Table</summary>${table(
    [
      ['date', false],
      ['gym', true],
      ['visits', true],
      ['minutes in gym', true],
      ['minutes exercising', true],
      ['exercising share', true],
    ],
    rows,
  )}</details>
</section>`;
}

function hoursSection(model: ReportModel): string {
  const source =
    model.busiestHours.source === 'gold'
      ? 'the login times in <code>gym_summary</code>'
      : 'the kiosk logins in the landing zone';
  const has = model.busiestHours.counts.some((c) => c > 0);
  return `<section id="hours">
<h2>Busiest hours</h2>
<p class="note">Gym check-ins per hour of day (UTC), from ${source}.</p>
<div class="charts">${chartOrEmpty('chart-hours', has, true)}</div>
</section>`;
}

function sessionRow(r: WorkoutBpmSummaryRow): string[] {
  return [
    String(r.user_id),
    `${r.workout_id} / ${r.session_id}`,
    r.age ?? '–',
    r.gender ?? '–',
    r.city && r.state ? `${r.city}, ${r.state}` : (r.city ?? r.state ?? '–'),
    fmt(r.min_bpm),
    fmt(r.avg_bpm),
    fmt(r.max_bpm),
    fmt(r.num_recordings / 60),
  ];
}

function topSection(model: ReportModel): string {
  const body =
    model.topSessions.length === 0
      ? '<p class="empty">No workouts summarised yet.</p>'
      : table(
          [
            ['user', true],
            ['workout / session', false],
            ['age bin', false],
            ['gender', false],
            ['city', false],
            ['min bpm', true],
            ['avg bpm', true],
            ['max bpm', true],
            ['minutes recorded', true],
          ],
          model.topSessions.map(sessionRow),
        );
  return `<section id="top">
<h2>Top sessions</h2>
<p class="note">The ${model.topSessions.length} most intense workouts (highest average heart rate).</p>
${body}
</section>`;
}

function qualitySection(model: ReportModel): string {
  const rows = model.dataQuality.map((q) => {
    const total = q.landed + q.quarantined;
    return [q.feed, int(q.landed), int(q.quarantined), total > 0 ? `${fmt((100 * q.quarantined) / total, 2)} %` : '–'];
  });
  const has = model.dataQuality.some((q) => q.landed + q.quarantined > 0);
  return `<section id="quality">
<h2>Data quality</h2>
<p class="note">Records accepted into the landing zone and records quarantined with their reasons, per feed (duplicates included: silver removes them).</p>
<div class="charts">${chartOrEmpty('chart-quality', has, true)}</div>
${table(
  [
    ['feed', false],
    ['landed', true],
    ['quarantined', true],
    ['quarantined share', true],
  ],
  rows,
)}
</section>`;
}

export function renderReport(model: ReportModel, chartJs: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<title>PulseLake report</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>PulseLake report</h1><p>Gold tables and landing counts as of ${escapeHtml(model.generatedAt)}</p></header>
<main>
<section class="kpis">${kpis(model)}</section>
${bpmSection(model)}
${gymSection(model)}
${hoursSection(model)}
${topSection(model)}
${qualitySection(model)}
</main>
<script type="application/json" id="report-data">${jsonForScript(model)}</script>
<script>${chartJs}</script>
<script>${BROWSER_SCRIPT}</script>
</body>
</html>
`;
}
