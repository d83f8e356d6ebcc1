// Pipeline (`pulselake run`, landing -> gold) on simulated lakes of 250k, 500k and 1M BPM readings, each
// next to its engine floor: Spark in the same session settings reading the same landing files and
// writing every feed once to Delta, no MERGE (scripts/bench/engine_floor.py). Then `incremental`: 1%
// more data lands on the 1M lake and `pulselake run` goes again. Last, `readonly`: `pulselake status`
// and `pulselake export` on that lake. Every figure is the wall time of its whole process.
// Prints {"pipeline": [...], "incremental": {...}, "readonly": {...}} as its last line.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../bootstrap.mjs';

const dist = (...parts) => path.join(repoRoot, 'dist', 'shared', ...parts);
const { simulate } = await import(dist('simulator', 'simulation.js'));
const { DEFAULT_OPTIONS } = await import(dist('simulator', 'model.js'));
const { BATCH_SIZE } = await import(dist('simulator', 'delivery.js'));
const { FsLandingStore } = await import(dist('landing', 'FsLandingStore.js'));
const { LandingWriter } = await import(dist('landing', 'writer.js'));
const { FEED_NAMES } = await import(dist('feeds', 'registry.js'));
const { ensurePythonEnv } = await import(dist('python', 'pythonEnv.js'));

const SIZES = (process.env.BENCH_PIPELINE_ROWS ?? '250000,500000,1000000').split(',').map(Number);
const INCREMENT = 0.01;
// The simulator's default day gives 1,900-2,400 BPM readings per user depending on the seed: size the
// population from the low end, so that it always delivers enough, and cut what is needed.
const BPM_PER_USER = 1800;
const CLI = path.join(repoRoot, 'bin', 'pulselake.js');
const PYTHON = ensurePythonEnv();

/**
 * The records of a population simulated for `bpmRows * 1.01` readings, per feed in delivery order (on-time
 * wave, then the late one), cut into the base lake (`bpmRows` BPM readings and the same share of every
 * other feed) and the 1% that lands later for the incremental run.
 */
function simulatedLake(bpmRows, seed) {
  const users = Math.max(5, Math.round((bpmRows * (1 + INCREMENT)) / BPM_PER_USER));
  const sim = simulate({ ...DEFAULT_OPTIONS, users, seed });
  const byFeed = new Map();
  for (const batch of sim.delivery.waves.flat()) {
    if (!byFeed.has(batch.feed)) byFeed.set(batch.feed, []);
    byFeed.get(batch.feed).push(...batch.records);
  }
  // The population is sized from an average, so it delivers more or fewer readings than asked: cut both parts.
  const share = Math.min(1, bpmRows / (byFeed.get('bpm')?.length ?? bpmRows));
  const base = [];
  const increment = [];
  for (const [feed, records] of byFeed) {
    const cut = Math.round(records.length * share);
    const end = Math.min(records.length, Math.round(records.length * share * (1 + INCREMENT)));
    base.push(...batchesOf(feed, records.slice(0, cut)));
    increment.push(...batchesOf(feed, records.slice(cut, end)));
  }
  return { base, increment };
}

function batchesOf(feed, records) {
  const batches = [];
  for (let i = 0; i < records.length; i += BATCH_SIZE[feed]) {
    batches.push({ feed, records: records.slice(i, i + BATCH_SIZE[feed]) });
  }
  return batches;
}

async function land(home, batches, source) {
  const writer = new LandingWriter(new FsLandingStore(path.join(home, 'landing')));
  for (const feed of FEED_NAMES) await mkdir(path.join(home, 'landing', feed), { recursive: true });
  let bpm = 0;
  for (const batch of batches) {
    await writer.landBatch(batch.feed, batch.records, source);
    if (batch.feed === 'bpm') bpm += batch.records.length;
  }
  return bpm;
}

/** Runs a command to its end; returns its stdout and wall seconds (stderr passes through). */
function timedRun(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ stdout, seconds });
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}:\n${stdout}`));
    });
  });
}

const cli = (home, verb, ...args) => timedRun(process.execPath, [CLI, verb, ...args], { PULSELAKE_HOME: home });

/** The per-stage seconds of the summary line `pulselake run` prints last
 * ("summary: bronze 3.8 s (…), silver 12.4 s (…), derived 7.5 s (…), gold 5.2 s (…); total 28.9 s"). */
function stages(stdout) {
  const summary = /^summary: (.*)$/m.exec(stdout)?.[1] ?? '';
  const seconds = (stage) => Number(new RegExp(`\\b${stage} ([\\d.]+) s`).exec(summary)?.[1] ?? NaN);
  return { bronze: seconds('bronze'), silver: seconds('silver'), derived: seconds('derived'), gold: seconds('gold') };
}

const round1 = (x) => Math.round(x * 10) / 10;

/** Delta commits per operation (MERGE, WRITE, STREAMING UPDATE, ...) since `after` (per table), read from the logs. */
async function deltaCommits(home, after = {}) {
  const versions = {};
  const operations = {};
  const warehouse = path.join(home, 'warehouse');
  for (const layer of await readdir(warehouse).catch(() => [])) {
    for (const table of await readdir(path.join(warehouse, layer)).catch(() => [])) {
      const log = path.join(warehouse, layer, table, '_delta_log');
      const commits = (await readdir(log).catch(() => [])).filter((f) => /^\d{20}\.json$/.test(f)).sort();
      const name = `${layer}.${table}`;
      versions[name] = commits.length - 1;
      for (const file of commits.slice((after[name] ?? -1) + 1)) {
        const info = (await readFile(path.join(log, file), 'utf8'))
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line))
          .find((action) => action.commitInfo)?.commitInfo;
        const operation = info?.operation ?? 'unknown';
        operations[operation] = (operations[operation] ?? 0) + 1;
      }
    }
  }
  return { versions, operations };
}

async function measureSize(bpmTarget) {
  const home = await mkdtemp(path.join(os.tmpdir(), `pulselake-bench-pipeline-${bpmTarget}-`));
  const { base, increment } = simulatedLake(bpmTarget, 7);
  const bpmRows = await land(home, base, 'bench');
  const floor = await timedRun(PYTHON, [path.join(repoRoot, 'scripts', 'bench', 'engine_floor.py'), '--home', home]);
  const run = await cli(home, 'run');
  const commits = await deltaCommits(home);
  console.error(`pipeline ${bpmRows}: Delta commits by operation ${JSON.stringify(commits.operations)}`);
  const entry = {
    bpm_rows: bpmRows,
    seconds: round1(run.seconds),
    engine_floor_seconds: round1(floor.seconds),
    stages: stages(run.stdout),
  };
  console.error(`pipeline: ${JSON.stringify(entry)}`);
  return { home, entry, increment, versions: commits.versions };
}

const pipeline = [];
let largest;
try {
  for (const size of SIZES) {
    const measured = await measureSize(size);
    pipeline.push(measured.entry);
    if (largest) await rm(largest.home, { recursive: true, force: true });
    largest = measured;
  }
  const added = await land(largest.home, largest.increment, 'bench-incremental');
  const again = await cli(largest.home, 'run');
  const commits = await deltaCommits(largest.home, largest.versions);
  console.error(`incremental: Delta commits by operation ${JSON.stringify(commits.operations)}`);
  const incremental = {
    bpm_rows_added: added,
    seconds: round1(again.seconds),
    full_seconds: largest.entry.seconds,
    stages: stages(again.stdout),
  };
  console.error(`incremental: ${JSON.stringify(incremental)}`);
  const status = await cli(largest.home, 'status');
  const exported = await cli(largest.home, 'export', '--out', path.join(largest.home, 'export'));
  const readonly = { status_seconds: round1(status.seconds), export_seconds: round1(exported.seconds) };
  console.log(JSON.stringify({ pipeline, incremental, readonly }));
} finally {
  if (largest) await rm(largest.home, { recursive: true, force: true });
}
