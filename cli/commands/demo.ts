/**
 * `pulselake demo` (`npm run demo` calls it after the set-up): the whole system on one machine. Starts
 * the local host in-process, simulates a population sending to it, runs the lakehouse jobs,
 * prints both gold tables (checked against the simulator's ground truth) and writes the
 * report; then everything it started is stopped.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { readSetting, requireSetting } from '../../shared/config/settings.js';
import { describeFailure } from '../failure.js';
import { createLandingStore } from '../../shared/landing/index.js';
import { startLocalHost, type LocalHost } from '../../shared/localhost/LocalHost.js';
import { runLiveDemo, type LiveFlags } from './demoLive.js';
import { durationSeconds } from './run.js';
import type { LocalLog } from '../../shared/localhost/InProcessEventHub.js';
import { runLakehouse } from '../../shared/python/pythonEnv.js';
import { readGoldExport, type GoldTables } from '../../shared/report/goldTables.js';
import { formatGoldPreview } from '../../shared/report/textTable.js';
import { writeReport } from '../../shared/report/writeReport.js';
import { HttpBatchSender } from '../../shared/simulator/senders.js';
import { simulateAndSend } from '../../shared/simulator/simulateAndSend.js';
import { compareGold } from '../../shared/simulator/compareGold.js';
import { expectedGold, groupByFeed } from '../../tools/oracle/expectedGold.js';
import {
  addSimulationOptions,
  nonNegativeInt,
  positiveInt,
  simulationOptions,
  type SimulationFlags,
} from './simulate.js';

/** Written into a lake the demo created, so a later demo may clear it (and nothing else). */
const DEMO_MARKER = '.pulselake-demo';
const LAKE_FOLDERS = ['landing', 'warehouse', 'checkpoints', 'report'];

interface DemoFlags extends SimulationFlags, LiveFlags {
  reset: boolean;
  port: number;
  rows: number;
  live: boolean;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number > 0');
  return n;
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Only the host's warnings and errors: its per-request log would drown the demo's output. */
const quietLog: LocalLog = (level, ...args) => {
  if (level === 'warning' || level === 'error' || level === 'critical')
    console.error(`  host ${level}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
};

/**
 * Starts from an empty lake so the gold tables show exactly this simulation: clears a lake a
 * previous demo made (or any, with --reset); refuses to touch one with other data.
 */
async function prepareLake(home: string, reset: boolean): Promise<void> {
  const used = LAKE_FOLDERS.filter((f) => existsSync(path.join(home, f)));
  if (used.length > 0) {
    if (!reset && !existsSync(path.join(home, DEMO_MARKER))) {
      throw new Error(
        `${home} already holds data (${used.join(', ')}) that the demo did not create. ` +
          'Point PULSELAKE_HOME at another folder, or pass --reset to clear it.',
      );
    }
    for (const folder of used) await rm(path.join(home, folder), { recursive: true, force: true });
  }
  await mkdir(home, { recursive: true });
  await writeFile(path.join(home, DEMO_MARKER), 'Created by `pulselake demo`: the next demo run clears this lake.\n');
}

/** Runs one lakehouse verb, streaming its progress lines; its Spark log is shown only on failure. */
async function lakehouse(verb: 'run' | 'export', args: string[], home: string): Promise<void> {
  const log: string[] = [];
  const code = await runLakehouse(verb, args, {
    home,
    onLine: (line) => console.log(`  │ ${line}`),
    onErrorLine: (line) => log.push(line),
  });
  if (code !== 0) {
    console.error(log.slice(-40).join('\n'));
    throw new Error(`pulselake ${verb} exited with ${code}`);
  }
}

function printCheck(gold: GoldTables, expected: GoldTables): boolean {
  const check = compareGold(gold, expected);
  const line = (name: string, t: typeof check.workoutBpmSummary) =>
    `  ${name}: ${t.matched}/${t.expected} expected rows match` +
    (t.missing.length + t.unexpected.length + t.different.length > 0
      ? ` (${t.missing.length} missing, ${t.unexpected.length} unexpected, ${t.different.length} different)`
      : '');
  console.log('ground-truth check (rules of the contract recomputed from the simulated records):');
  console.log(line('workout_bpm_summary', check.workoutBpmSummary));
  console.log(line('gym_summary', check.gymSummary));
  if (!check.ok) {
    const sample = [
      ...check.workoutBpmSummary.different,
      ...check.gymSummary.different,
      ...check.workoutBpmSummary.missing,
      ...check.gymSummary.missing,
    ].slice(0, 3);
    console.log(`  first differences: ${JSON.stringify(sample)}`);
  }
  return check.ok;
}

/** `--live`: the streaming workflow (demoLive.ts) on a fresh lake and a local host of its own. */
async function runLive(flags: DemoFlags): Promise<void> {
  const started = performance.now();
  const home = path.resolve(requireSetting('home'));
  const sim = simulationOptions(flags);
  console.log(
    `PulseLake live demo: ${sim.users} users, ${sim.gyms} gyms, ${sim.days} day(s), seed ${sim.seed}; lake ${home}`,
  );
  await prepareLake(home, flags.reset);
  console.log('\n[1/4] starting the local host (Functions routes + in-process Event Hub)');
  const host = await startLocalHost({ port: flags.port, env: { ...process.env, PULSELAKE_HOME: home }, log: quietLog });
  const exportDir = await mkdtemp(path.join(os.tmpdir(), 'pulselake-live-gold-'));
  try {
    console.log(`  listening on ${host.url}`);
    const key = readSetting('functionKey');
    const ok = await runLiveDemo({
      home,
      host,
      simulation: sim,
      flags,
      exportDir,
      printCheck,
      ...(key ? { functionKey: key } : {}),
    });
    if (!ok) process.exitCode = 1;
  } finally {
    await host.close();
    await rm(exportDir, { recursive: true, force: true });
  }
  console.log(`\nLive demo finished in ${seconds(started)}. Report: file://${path.join(home, 'report', 'index.html')}`);
}

async function runDemo(flags: DemoFlags): Promise<void> {
  const started = performance.now();
  const home = path.resolve(requireSetting('home'));
  const sim = simulationOptions(flags);
  console.log(
    `PulseLake demo: ${sim.users} users, ${sim.gyms} gyms, ${sim.days} day(s), seed ${sim.seed}; lake ${home}`,
  );
  await prepareLake(home, flags.reset);

  let step = performance.now();
  console.log('\n[1/5] starting the local host (Functions routes + in-process Event Hub)');
  const host: LocalHost = await startLocalHost({
    port: flags.port,
    env: { ...process.env, PULSELAKE_HOME: home },
    log: quietLog,
  });
  let expected: GoldTables;
  try {
    console.log(`  listening on ${host.url}`);
    console.log('\n[2/5] simulating wearables and gym kiosks, sending to the local host');
    const key = readSetting('functionKey');
    const { simulation, tally } = await simulateAndSend({
      simulation: sim,
      sender: new HttpBatchSender(host.url, key ? { functionKey: key } : {}),
      progress: true,
    });
    expected = expectedGold(groupByFeed(simulation.delivery.delivered));
    const unexpected = Object.values(tally).reduce((n, t) => n + t.rejected, 0) - simulation.delivery.broken;
    if (unexpected !== 0) throw new Error(`${unexpected} valid simulated records were rejected by the API`);
    await host.hub.flush(); // BPM readings land asynchronously through the in-process hub
  } finally {
    await host.close();
  }
  console.log(`  all records landed (${seconds(step)})`);

  step = performance.now();
  console.log('\n[3/5] running the lakehouse jobs: landing → bronze → silver → gold (Spark local + Delta)');
  await lakehouse('run', [], home);
  console.log(`  pipeline done (${seconds(step)})`);

  step = performance.now();
  console.log('\n[4/5] gold tables');
  const exportDir = await mkdtemp(path.join(os.tmpdir(), 'pulselake-demo-gold-'));
  try {
    await lakehouse('export', ['--out', exportDir], home);
    const gold = await readGoldExport(exportDir);
    console.log(formatGoldPreview(gold, flags.rows));
    console.log('');
    const ok = printCheck(gold, expected);
    if (gold.workoutBpmSummary.length === 0 || gold.gymSummary.length === 0) throw new Error('a gold table is empty');
    if (!ok) process.exitCode = 1;
    console.log(`  (${seconds(step)})`);

    step = performance.now();
    console.log('\n[5/5] writing the report');
    const report = await writeReport({
      home,
      landing: createLandingStore({ ...process.env, PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs' }),
      goldExportDir: exportDir,
    });
    console.log(`  ${report.path} (${seconds(step)})`);
  } finally {
    await rm(exportDir, { recursive: true, force: true });
  }

  console.log(
    `\nDemo finished in ${seconds(started)}. Open the report: file://${path.join(home, 'report', 'index.html')}`,
  );
}

export function registerDemo(program: Command): void {
  addSimulationOptions(
    program
      .command('demo')
      .description('Local host + simulator + lakehouse jobs + gold preview + report, end to end (npm run demo).'),
    // A few broken records on purpose, so the report's data-quality panel shows the quarantine.
    { invalidRate: 0.001 },
  )
    .option('--reset', 'clear PULSELAKE_HOME even if a demo did not create it', false)
    .option('--port <port>', 'local host port (0 = any free port)', nonNegativeInt, 0)
    .option('--rows <n>', 'rows of each gold table to print', positiveInt, 8)
    .option('--live', 'streaming: host + `run --watch` + simulator at real-time pace; Ctrl-C ends it', false)
    .option('--speed <n>', 'with --live: simulated seconds per second (1 = real time)', positiveNumber, 1)
    .option('--interval <duration>', 'with --live: time between micro-batches', durationSeconds, 20)
    .option('--gold-interval <duration>', 'with --live: time between gold refreshes', durationSeconds, 20)
    .option('--report-every <duration>', 'with --live: time between report rewrites', durationSeconds, 5)
    .action(async (flags: DemoFlags) => {
      try {
        await (flags.live ? runLive(flags) : runDemo(flags));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        console.error(
          code === 'EADDRINUSE' ? describeFailure(error).message : `\npulselake demo: ${(error as Error).message}`,
        );
        process.exitCode = 1;
      }
    });
}
