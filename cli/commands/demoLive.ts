/**
 * `npm run demo -- --live`: the streaming workflow end to end. The local host, the watcher
 * (`pulselake run --watch`, exporting gold after every refresh) and the simulator at real-time pace (or
 * `--speed N` times faster) run together, and the report is rewritten every few seconds, so gold fills in
 * as workouts end. Ctrl-C, or the end of the simulation, stops the sending; the demo then waits until gold
 * holds every landed file, stops the watcher at a batch boundary and checks gold against the ground truth
 * of what was sent, as the batch demo does. Every child process is stopped on the way out.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { FEED_NAMES, type FeedName } from '../../shared/feeds/registry.js';
import { createLandingStore } from '../../shared/landing/index.js';
import type { LocalHost } from '../../shared/localhost/LocalHost.js';
import { runLakehouse } from '../../shared/python/pythonEnv.js';
import { readGoldExport, type GoldTables } from '../../shared/report/goldTables.js';
import { writeReport } from '../../shared/report/writeReport.js';
import type { Batch } from '../../shared/simulator/delivery.js';
import { expectedGold, type DeliveredRecords } from '../../tools/oracle/expectedGold.js';
import type { SimulationOptions } from '../../shared/simulator/model.js';
import { deliverPaced } from '../../shared/simulator/pacedDelivery.js';
import { HttpBatchSender } from '../../shared/simulator/senders.js';
import { describeSimulation } from '../../shared/simulator/simulateAndSend.js';
import { simulate } from '../../shared/simulator/simulation.js';
import { validateRecord } from '../../shared/validation/validator.js';

export interface LiveFlags {
  /** Simulated seconds per second (1 = real time). */
  speed: number;
  /** Seconds between micro-batches / gold refreshes / report rewrites. */
  interval: number;
  goldInterval: number;
  reportEvery: number;
}

/** A watcher progress event (`run --watch --json`): the Python side's fields plus its text `line`. */
interface WatchEvent {
  event: string;
  line?: string;
  landed_through?: Partial<Record<FeedName, number>>;
}

/** Per feed, the newest landing file's modification time in epoch seconds, to the millisecond (as Spark reads it). */
export async function newestLanded(home: string): Promise<Partial<Record<FeedName, number>>> {
  const newest: Partial<Record<FeedName, number>> = {};
  const walk = async (dir: string, feed: FeedName): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue; // temp files Spark skips too
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, feed);
      else newest[feed] = Math.max(newest[feed] ?? 0, Math.floor((await stat(full)).mtimeMs) / 1000);
    }
  };
  for (const feed of FEED_NAMES) await walk(path.join(home, 'landing', feed), feed);
  return newest;
}

/** Whether a gold refresh that covered `through` holds every landed file in `landed`. */
export function goldCovers(
  through: Partial<Record<FeedName, number>>,
  landed: Partial<Record<FeedName, number>>,
): boolean {
  return FEED_NAMES.every((feed) => landed[feed] === undefined || (through[feed] ?? -1) >= (landed[feed] ?? 0));
}

/** The valid records of the batches that were sent (deliberately broken ones are rejected by the API). */
export function sentRecords(sent: readonly Batch[]): DeliveredRecords {
  const out: DeliveredRecords = { registration: [], profile: [], workout: [], gym_visit: [], bpm: [] };
  for (const batch of sent)
    for (const record of batch.records)
      if (validateRecord(batch.feed, record).ok) (out[batch.feed] as unknown[]).push(record);
  return out;
}

export interface LiveDemoContext {
  home: string;
  host: LocalHost;
  simulation: SimulationOptions;
  flags: LiveFlags;
  functionKey?: string;
  exportDir: string;
  printCheck: (gold: GoldTables, expected: GoldTables) => boolean;
}

/** Runs the live demo on a prepared lake and a started host; resolves once the watcher has exited. */
export async function runLiveDemo(ctx: LiveDemoContext): Promise<boolean> {
  const { home, flags } = ctx;
  const stopSending = new AbortController();
  const stopWaiting = new AbortController();
  const stopWatcher = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts === 1)
      console.log('\n  stopping the simulator; waiting for gold to catch up (Ctrl-C again: stop now)');
    (interrupts === 1 ? stopSending : stopWaiting).abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let covered: Partial<Record<FeedName, number>> = {};
  const coveredChanged = new EventTarget();
  const watcherLog: string[] = [];
  let started!: () => void;
  const watcherStarted = new Promise<void>((resolve) => (started = resolve));
  console.log(
    `\n[2/4] starting the watcher: micro-batches every ${flags.interval} s, gold every ${flags.goldInterval} s`,
  );
  const watcher = runLakehouse(
    'run',
    [
      '--watch',
      ...['--interval', String(flags.interval), '--gold-interval', String(flags.goldInterval)],
      ...['--export', ctx.exportDir, '--json'],
    ],
    {
      home,
      // In its own process group, so the terminal's Ctrl-C reaches only the demo, which stops the watcher
      // itself (through `stop`) once gold has caught up.
      forwardSignals: false,
      stop: stopWatcher.signal,
      onLine: (line) => {
        let event: WatchEvent;
        try {
          event = JSON.parse(line) as WatchEvent;
        } catch {
          console.log(`  │ ${line}`);
          return;
        }
        if (event.line) console.log(`  │ ${event.line}`);
        if (event.event === 'started') started();
        if (event.landed_through) {
          covered = event.landed_through;
          coveredChanged.dispatchEvent(new Event('change'));
        }
      },
      onErrorLine: (line) => watcherLog.push(line),
    },
  ).finally(() => started());

  let ok = false;
  const reporter = startReporter(ctx);
  try {
    await watcherStarted;
    const plan = simulate(ctx.simulation, { batchSpanSeconds: Math.max(1, flags.speed) });
    console.log(`\n[3/4] sending at ${flags.speed}× real time (Ctrl-C stops)`);
    console.log(describeSimulation(plan));
    let records = 0;
    let lastLine = performance.now();
    const sender = new HttpBatchSender(ctx.host.url, ctx.functionKey ? { functionKey: ctx.functionKey } : {});
    const result = await deliverPaced(plan.delivery, sender, {
      speed: flags.speed,
      from: ctx.simulation.start, // registrations from the weeks before the simulated days go out at once
      maxWaitMs: 3_000,
      signal: stopSending.signal,
      onSkip: (ms) => console.log(`  (skipping ${Math.round((ms * flags.speed) / 60_000)} quiet simulated minutes)`),
      onBatch: (batch) => {
        records += batch.records.length;
        if (performance.now() - lastLine < 5_000) return;
        lastLine = performance.now();
        const at = batch.at === undefined ? '' : ` (simulated ${new Date(batch.at * 1000).toISOString().slice(0, 16)})`;
        console.log(`  sent ${records.toLocaleString('en-US')} records${at}`);
      },
    });
    await ctx.host.hub.flush(); // BPM readings land asynchronously through the in-process hub
    const expected = expectedGold(sentRecords(result.sent));

    const landed = await newestLanded(home);
    console.log(
      `\n[4/4] ${result.complete ? 'simulation sent' : 'stopped'}; waiting for gold to hold every landed file`,
    );
    while (!goldCovers(covered, landed) && !stopWaiting.signal.aborted) {
      await Promise.race([
        new Promise((resolve) => coveredChanged.addEventListener('change', resolve, { once: true })),
        new Promise((resolve) => stopWaiting.signal.addEventListener('abort', resolve, { once: true })),
        watcher,
      ]);
      if (await isSettled(watcher)) break;
    }
    stopWatcher.abort();
    const code = await watcher;
    if (code !== 0) {
      console.error(watcherLog.slice(-40).join('\n'));
      throw new Error(`the watcher exited with ${code}`);
    }
    if (!goldCovers(covered, landed)) {
      console.log('  stopped before gold caught up: no ground-truth check');
      return false;
    }
    const gold = await readGoldExport(ctx.exportDir);
    ok = ctx.printCheck(gold, expected);
    await refreshReport(ctx);
    return ok;
  } finally {
    reporter.stop();
    stopSending.abort();
    stopWatcher.abort();
    await watcher.catch(() => 1); // never leave the watcher behind
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise.then(() => true), Promise.resolve(pending)])) !== pending;
}

async function refreshReport(ctx: LiveDemoContext): Promise<{ workouts: number; visits: number } | undefined> {
  const files = await readdir(ctx.exportDir).catch(() => [] as string[]);
  if (!files.includes('workout_bpm_summary.jsonl') || !files.includes('gym_summary.jsonl')) return undefined;
  const { model } = await writeReport({
    home: ctx.home,
    landing: createLandingStore({ ...process.env, PULSELAKE_HOME: ctx.home, PULSELAKE_STORAGE: 'fs' }),
    goldExportDir: ctx.exportDir,
  });
  return { workouts: model.totals.workouts, visits: model.totals.gymVisits };
}

/** Rewrites the report every `reportEvery` seconds; prints a line when gold grew. */
function startReporter(ctx: LiveDemoContext): { stop: () => void } {
  let running = false;
  let last = '';
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    refreshReport(ctx)
      .then((counts) => {
        const line = counts ? `${counts.workouts} workouts, ${counts.visits} gym visits in gold` : '';
        if (counts && line !== last)
          console.log(`  report: ${line} → file://${path.join(ctx.home, 'report', 'index.html')}`);
        last = line;
      })
      .catch((error: unknown) => console.error(`  report: ${(error as Error).message}`))
      .finally(() => (running = false));
  }, ctx.flags.reportEvery * 1000);
  return { stop: () => clearInterval(timer) };
}
