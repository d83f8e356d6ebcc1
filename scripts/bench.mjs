// `npm run bench`: builds, then runs each section of the benchmark in its own process and writes what they
// measured to bench/results.json (and a table to the terminal). Every section measures a path together with
// its floor in the same run; nothing is asserted, so a slow machine never fails it. Not part of `npm test`.
//   npm run bench                    every section
//   npm run bench -- ingest http     only these sections; the others keep their figures in results.json
// A section is a script printing one JSON object as its last stdout line, whose keys go into results.json
// as they are: adding a section is adding a line to SECTIONS (and a row to the table below if wanted).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, repoRoot } from './bootstrap.mjs';

const SECTIONS = [
  { name: 'ingest', script: 'scripts/bench/eventhub.mjs' },
  { name: 'http', script: 'scripts/bench/http.mjs' },
  { name: 'backfill', script: 'scripts/bench/backfill.mjs' },
  { name: 'pipeline', script: 'scripts/bench/pipeline.mjs' }, // also writes `incremental` and `readonly`
  { name: 'streaming', script: 'scripts/bench/streaming.mjs' }, // run --watch under 1,000 BPM/s for 5 minutes
];
const RESULTS = path.join(repoRoot, 'bench', 'results.json');

function runSection({ name, script }) {
  console.log(`» ${name} (${script})`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [script], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} exited with ${result.status ?? result.signal}`);
  const last = result.stdout.trim().split('\n').pop() ?? '';
  console.log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return JSON.parse(last);
}

function readPrevious() {
  if (!existsSync(RESULTS)) return {};
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8'));
  } catch {
    return {};
  }
}

const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '–');
const number = (x) => (typeof x === 'number' ? x.toLocaleString('en-US') : '–');

function printTable(results) {
  const rows = [];
  const { ingest, http, backfill, pipeline = [], incremental, readonly } = results;
  if (ingest) {
    rows.push([
      'Event Hubs handler (events/s)',
      number(ingest.eventhub_events_per_s),
      number(ingest.floor_events_per_s),
      ratio(ingest.eventhub_events_per_s, ingest.floor_events_per_s),
    ]);
  }
  if (http) {
    rows.push([
      'HTTP single: rps / p50 / p99 ms',
      `${number(http.single_rps)} / ${http.single_p50_ms} / ${http.single_p99_ms}`,
      '',
      '',
    ]);
    rows.push(['HTTP 10k batches (records/s)', number(http.batch_records_per_s), '', '']);
  }
  if (backfill) {
    rows.push([
      `backfill ${number(backfill.records)} (records/s, RSS)`,
      `${number(backfill.records_per_s)}, ${backfill.peak_rss_mb} MB`,
      '',
      '',
    ]);
  }
  for (const p of pipeline) {
    rows.push([
      `pipeline ${number(p.bpm_rows)} BPM (s)`,
      String(p.seconds),
      String(p.engine_floor_seconds),
      ratio(p.seconds, p.engine_floor_seconds),
    ]);
  }
  if (incremental) {
    rows.push([
      `incremental +${number(incremental.bpm_rows_added)} BPM (s)`,
      String(incremental.seconds),
      `full ${incremental.full_seconds}`,
      ratio(incremental.seconds, incremental.full_seconds),
    ]);
  }
  if (readonly) rows.push(['status / export (s)', `${readonly.status_seconds} / ${readonly.export_seconds}`, '', '']);
  const streaming = results.streaming;
  if (streaming) {
    rows.push([
      'streaming landing -> gold p50 / p95 (s)',
      `${streaming.freshness_s.p50} / ${streaming.freshness_s.p95}`,
      '',
      '',
    ]);
  }
  const header = ['path', 'measured', 'floor', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}

const only = process.argv.slice(2);
try {
  ensureBuilt();
  const results = {
    ...readPrevious(),
    machine: { cores: os.availableParallelism(), node: process.version, load_before: os.loadavg()[0] },
  };
  for (const section of SECTIONS.filter((s) => only.length === 0 || only.includes(s.name))) {
    Object.assign(results, runSection(section));
  }
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  console.log(`load average before ${results.machine.load_before}, after ${os.loadavg()[0]}`);
  console.log(`written to ${path.relative(repoRoot, RESULTS)}`);
} catch (error) {
  console.error(`npm run bench: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
