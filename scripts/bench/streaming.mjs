// Streaming workflow (`pulselake run --watch`) under a steady load, on this machine: the local host (in this
// process) takes 1,000 BPM readings/s over HTTP (-> in-process Event Hub -> landing) plus the other feeds at
// the rates of 1,000 people wearing a device (registrations and profiles, workouts of four minutes, a gym
// login and logout a second), while the watcher runs with its default periods. Measures:
// - freshness: per landed file, the time from its modification time to the end of the first gold refresh
//   that held it (the watcher's gold events say, per feed, up to which landing time gold holds), p50/p95;
//   the load starts once the watcher has made its first gold refresh (of the empty lake), and files that
//   landed during the warm-up after that are left out;
// - CPU: cores the watcher (Python + JVM) used, what that left of the machine for the host, and the host's
//   (this process's) own use;
// - throughput: rows/s the watcher read, whether its lag grew over the run, and how busy its batches kept it.
// Part of `npm run bench` (section `streaming`). Environment: BENCH_STREAMING_SECONDS (300), BENCH_STREAMING_WARMUP (60), BENCH_STREAMING_BPM (1000),
// BENCH_STREAMING_INTERVAL (20), BENCH_STREAMING_GOLD_INTERVAL (20): the watcher's defaults. Prints {"streaming": {...}} last.
/* global AbortController */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../bootstrap.mjs';

const dist = (...parts) => path.join(repoRoot, 'dist', 'shared', ...parts);
const { startLocalHost } = await import(dist('localhost', 'LocalHost.js'));
const { runLakehouse } = await import(dist('python', 'pythonEnv.js'));
const { HttpBatchSender } = await import(dist('simulator', 'senders.js'));

const SECONDS = Number(process.env.BENCH_STREAMING_SECONDS ?? 300);
const WARMUP = Number(process.env.BENCH_STREAMING_WARMUP ?? 60);
const BPM_PER_S = Number(process.env.BENCH_STREAMING_BPM ?? 1000);
const INTERVAL = Number(process.env.BENCH_STREAMING_INTERVAL ?? 20);
const GOLD_INTERVAL = Number(process.env.BENCH_STREAMING_GOLD_INTERVAL ?? 20);
const PEOPLE = 1000;
const WORKOUT_SECONDS = 240;
const FEEDS = ['registration', 'profile', 'bpm', 'workout', 'gym_visit'];
const CORES = os.cpus().length;
const CLK_TCK = 100; // Linux USER_HZ

const hex = (byte) => byte.toString(16).padStart(2, '0');
const mac = (n) => `aa:bb:cc:dd:${hex((n >> 8) & 255)}:${hex(n & 255)}`;

/** One second of load: what 1,000 people wearing a device send in that second. */
function secondOfLoad(tick, now) {
  const batches = [];
  const add = (feed, records) => records.length && batches.push({ feed, records, broken: 0 });
  if (tick === 0) {
    const people = Array.from({ length: PEOPLE }, (_, i) => i + 1);
    add(
      'registration',
      people.map((u) => ({ user_id: u, device_id: u, mac_address: mac(u), registration_timestamp: now - 86400 })),
    );
    add(
      'profile',
      people.map((u) => ({
        user_id: u,
        update_type: 'new',
        timestamp: now - 86400,
        dob: `19${50 + (u % 50)}-0${1 + (u % 9)}-1${u % 10}`,
        sex: u % 2 ? 'F' : 'M',
        gender: u % 2 ? 'F' : 'M',
        first_name: `P${u}`,
        last_name: 'Bench',
        address: { street_address: `${u} Main St`, city: 'Reno', state: 'NV', zip: '89501' },
      })),
    );
  }
  const bpm = [];
  for (let i = 0; i < BPM_PER_S; i++)
    bpm.push({ device_id: 1 + (i % PEOPLE), time: now + i / BPM_PER_S, heartrate: 60 + ((tick * 7 + i) % 110) });
  add('bpm', bpm);
  const workouts = [];
  for (let u = 1; u <= PEOPLE; u++) {
    const phase = (tick + u) % WORKOUT_SECONDS;
    const session = Math.floor((tick + u) / WORKOUT_SECONDS);
    const id = { user_id: u, workout_id: 1 + (u % 5), session_id: session };
    if (phase === 0) workouts.push({ ...id, action: 'start', timestamp: now });
    if (phase === WORKOUT_SECONDS - 5) workouts.push({ ...id, action: 'stop', timestamp: now });
  }
  add('workout', workouts);
  const visitor = 1 + (tick % PEOPLE);
  const visits = [{ mac_address: mac(visitor), gym: 1 + (visitor % 5), login: now }];
  if (tick >= 60) {
    const earlier = 1 + ((tick - 60) % PEOPLE);
    visits.push({ mac_address: mac(earlier), gym: 1 + (earlier % 5), login: now - 60, logout: now });
  }
  add('gym_visit', visits);
  if (tick % 2 === 1) {
    const u = 1 + (tick % PEOPLE);
    add('profile', [
      {
        user_id: u,
        update_type: 'update',
        timestamp: now,
        dob: '1980-01-01',
        sex: 'F',
        gender: 'F',
        first_name: `P${u}`,
        last_name: 'Moved',
        address: { street_address: '2 Side St', city: 'Carson City', state: 'NV', zip: '89701' },
      },
    ]);
  }
  return batches;
}

/** CPU ticks (user + system) of every descendant of this process: the Python runner, its JVM and workers. */
function descendantTicks() {
  const children = new Map();
  const ticks = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    total += ticks.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function machineIdleTicks() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: cpu[3] + cpu[4], total: cpu.reduce((a, b) => a + b, 0) };
}

function landedFiles(home) {
  const files = [];
  const walk = (dir, feed) => {
    let entries = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full, feed);
      else files.push({ feed, mtime: Math.floor(statSync(full).mtimeMs) / 1000 });
    }
  };
  for (const feed of FEEDS) walk(path.join(home, 'landing', feed), feed);
  return files;
}

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : null;
const round = (x, digits = 2) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));

/** Least-squares slope of y over x. */
function slope(points) {
  if (points.length < 2) return null;
  const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const my = points.reduce((s, p) => s + p[1], 0) / points.length;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return den ? num / den : null;
}

const loadBefore = os.loadavg()[0];
const home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-bench-streaming-'));
const host = await startLocalHost({
  port: 0,
  env: { ...process.env, PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs' },
  log: () => {},
});
const sender = new HttpBatchSender(host.url);
const events = [];
let started;
const startedPromise = new Promise((resolve) => (started = resolve));
const stopWatcher = new AbortController();
const log = [];
console.log(`» watcher: every ${INTERVAL} s, gold every ${GOLD_INTERVAL} s; load: ${BPM_PER_S} BPM/s + other feeds`);
const watcher = runLakehouse(
  'run',
  ['--watch', '--interval', String(INTERVAL), '--gold-interval', String(GOLD_INTERVAL), '--json'],
  {
    home,
    stop: stopWatcher.signal,
    forwardSignals: false,
    onLine: (line) => {
      try {
        const event = JSON.parse(line);
        event.received = Date.now() / 1000;
        events.push(event);
        if (event.event === 'gold') started(); // its first refresh (of the empty lake) is done: load begins
        if (['cycle', 'derived', 'gold'].includes(event.event)) console.log(`  ${event.line}`);
      } catch {
        // the runner's own plain lines
      }
    },
    onErrorLine: (line) => log.push(line),
  },
).finally(() => started());

let result;
try {
  await startedPromise;
  const total = WARMUP + SECONDS;
  const t0 = Date.now();
  let sentBpm = 0;
  let sentOther = 0;
  let cpuStart;
  let measureStart;
  let behind = 0;
  let sentWarmup = 0;
  const loadStart = Date.now() / 1000;
  for (let tick = 0; tick < total; tick++) {
    const due = t0 + tick * 1000;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    else behind++;
    if (tick === WARMUP) {
      cpuStart = { watcher: descendantTicks(), machine: machineIdleTicks(), node: process.cpuUsage(), at: Date.now() };
      measureStart = Date.now() / 1000;
      console.log(`  warm-up done; measuring ${SECONDS} s`);
    }
    const batches = secondOfLoad(tick, Math.floor(Date.now() / 1000));
    await Promise.all(batches.map((b) => sender.send(b)));
    if (tick < WARMUP) for (const b of batches) sentWarmup += b.records.length;
    else
      for (const b of batches) {
        if (b.feed === 'bpm') sentBpm += b.records.length;
        else sentOther += b.records.length;
      }
  }
  const measureEnd = Date.now() / 1000;
  const cpuEnd = {
    watcher: descendantTicks(),
    machine: machineIdleTicks(),
    node: process.cpuUsage(cpuStart.node),
    at: Date.now(),
  };
  await host.hub.flush();

  // Catch up: wait until a gold refresh holds every landed file (at most 3 minutes).
  const files = landedFiles(home);
  const newest = {};
  for (const f of files) newest[f.feed] = Math.max(newest[f.feed] ?? 0, f.mtime);
  const covers = (e) => Object.entries(newest).every(([feed, t]) => (e.landed_through?.[feed] ?? -1) >= t);
  const catchUpDeadline = Date.now() + 180_000;
  while (!events.some((e) => e.landed_through && covers(e)) && Date.now() < catchUpDeadline) await sleep(1000);
  const caughtUp = events.some((e) => e.landed_through && covers(e));
  stopWatcher.abort();
  const code = await watcher;
  if (code !== 0) throw new Error(`the watcher exited with ${code}\n${log.slice(-30).join('\n')}`);

  // Freshness per file landed after the warm-up.
  const golds = events
    .filter((e) => e.event === 'gold' || e.event === 'gold_current')
    .sort((a, b) => (a.at ?? a.received) - (b.at ?? b.received));
  const freshness = [];
  let uncovered = 0;
  for (const f of files.filter((f) => f.mtime >= measureStart)) {
    const gold = golds.find((e) => (e.landed_through?.[f.feed] ?? -1) >= f.mtime);
    if (gold) freshness.push((gold.at ?? gold.received) - f.mtime);
    else uncovered++;
  }
  freshness.sort((a, b) => a - b);

  // Throughput: every row sent, over the time from the start of the load until gold held all of it (the
  // input rate if the watcher kept up); lag growth: slope of the gold lag over the run.
  const coveringEvent = events.find((e) => e.landed_through && covers(e));
  const caughtUpAt = coveringEvent ? (coveringEvent.at ?? coveringEvent.received) : null;
  const allRows = sentBpm + sentOther + sentWarmup;
  const goldLags = events.filter((e) => e.event === 'gold' && e.lag_s !== null && e.at >= measureStart);
  const lagPoints = goldLags.map((e) => [(e.at - measureStart) / 60, e.lag_s]);
  const cycles = events.filter((e) => e.event === 'cycle');
  const busy =
    cycles.reduce((s, e) => s + e.batch_seconds, 0) / Math.max(1, ((caughtUpAt ?? measureEnd) - loadStart) / INTERVAL);
  const goldInWindow = golds.filter((e) => (e.at ?? 0) >= measureStart);
  const wall = (cpuEnd.at - cpuStart.at) / 1000;
  const watcherCores = (cpuEnd.watcher - cpuStart.watcher) / CLK_TCK / wall;
  const idle = (cpuEnd.machine.idle - cpuStart.machine.idle) / (cpuEnd.machine.total - cpuStart.machine.total);
  result = {
    seconds: SECONDS,
    warmup_seconds: WARMUP,
    interval_s: INTERVAL,
    gold_interval_s: GOLD_INTERVAL,
    load_before: round(loadBefore),
    input: {
      bpm_per_s: round(sentBpm / (measureEnd - measureStart), 1),
      other_records_per_s: round(sentOther / (measureEnd - measureStart), 1),
      seconds_the_sender_fell_behind: behind,
    },
    freshness_s: {
      p50: round(percentile(freshness, 0.5), 1),
      p95: round(percentile(freshness, 0.95), 1),
      max: round(freshness.at(-1) ?? null, 1),
      files: freshness.length,
      files_not_in_gold: uncovered,
      caught_up_after_load: caughtUp,
    },
    gold_refreshes: goldInWindow.length,
    gold_refresh_seconds_p50: round(
      percentile(
        goldInWindow.map((e) => e.seconds ?? 0).sort((a, b) => a - b),
        0.5,
      ),
      1,
    ),
    cpu: {
      cores: CORES,
      watcher_cores: round(watcherCores),
      left_for_host_cores: round(CORES - watcherCores),
      host_and_load_generator_cores: round((cpuEnd.node.user + cpuEnd.node.system) / 1e6 / wall),
      machine_idle_cores: round(idle * CORES),
    },
    throughput: {
      input_rows_per_s: round(allRows / (measureEnd - loadStart), 1),
      drained_rows_per_s: caughtUpAt ? round(allRows / (caughtUpAt - loadStart), 1) : null,
      gold_lag_growth_s_per_min: round(slope(lagPoints), 2),
      batch_busy_fraction: round(busy),
    },
  };
} finally {
  stopWatcher.abort();
  await watcher.catch(() => 1);
  await host.close();
  await rm(home, { recursive: true, force: true });
}
console.log(JSON.stringify({ streaming: result }));
