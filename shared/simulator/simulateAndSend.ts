/**
 * The `simulate` workflow shared by the CLI verb and the demo: build the simulation, write
 * the ground truth if asked, send every batch with a progress bar, and return the tally.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { FEED_NAMES } from '../feeds/registry.js';
import { countRecords } from './delivery.js';
import { deliver, totalOf, type Tally } from './deliver.js';
import type { SimulationOptions } from './model.js';
import type { BatchSender } from './senders.js';
import { simulate, type Simulation } from './simulation.js';

export interface SimulateAndSendOptions {
  simulation: SimulationOptions;
  sender: BatchSender;
  /** Writes the ground truth JSON (`of` computes it: tools/oracle/groundTruth.ts) to `file`. */
  truth?: { file: string; of: (simulation: Simulation) => unknown };
  log?: (line: string) => void;
  /** Show a progress bar on stderr (on a terminal it redraws; otherwise a line every few seconds). */
  progress?: boolean;
  concurrency?: number;
  betweenWaves?: () => Promise<void>;
}

export interface SimulateAndSendResult {
  simulation: Simulation;
  tally: Tally;
}

export async function simulateAndSend(options: SimulateAndSendOptions): Promise<SimulateAndSendResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const o = options.simulation;
  log(
    `» simulating ${o.users} users, ${o.gyms} gyms, ${o.days} day(s) from ${new Date(o.start * 1000).toISOString().slice(0, 10)} (seed ${o.seed})`,
  );
  const simulation = simulate(o);
  log(describeSimulation(simulation));
  if (options.truth) {
    await mkdir(path.dirname(path.resolve(options.truth.file)), { recursive: true });
    await writeFile(options.truth.file, JSON.stringify(options.truth.of(simulation)));
    log(`  ground truth written to ${options.truth.file}`);
  }

  const total = countRecords(simulation.delivery.waves[0]) + countRecords(simulation.delivery.waves[1]);
  const bar = options.progress
    ? new cliProgress.SingleBar(
        {
          format: '  sending [{bar}] {percentage}% | {value}/{total} records | {eta_formatted} left',
          noTTYOutput: true,
          notTTYSchedule: 5_000,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(total, 0);
  let sent = 0;
  try {
    const tally = await deliver(simulation.delivery, options.sender, {
      concurrency: options.concurrency ?? 4,
      onBatch: (batch) => {
        sent += batch.records.length;
        bar?.update(sent);
      },
      ...(options.betweenWaves ? { betweenWaves: options.betweenWaves } : {}),
    });
    bar?.update(total);
    bar?.stop();
    log(formatTally(tally, simulation.delivery.broken));
    return { simulation, tally };
  } finally {
    bar?.stop();
  }
}

export function describeSimulation(sim: Simulation): string {
  const counts = new Map<string, number>();
  for (const r of sim.delivery.delivered) counts.set(r.feed, (counts.get(r.feed) ?? 0) + 1);
  const visits = sim.activity.visits;
  return [
    `  ${sim.activity.workouts.length} workouts (${sim.activity.workouts.filter((w) => w.gym !== null).length} in gyms), ` +
      `${visits.length} gym visits, ${sim.users.filter((u) => u.devices.length > 1).length} device replacements`,
    `  records: ${FEED_NAMES.map((f) => `${f} ${(counts.get(f) ?? 0).toLocaleString('en-US')}`).join(', ')}`,
    `  delivery: ${sim.delivery.duplicates.toLocaleString('en-US')} duplicates, ${sim.delivery.late.toLocaleString('en-US')} late, ` +
      `${sim.delivery.broken.toLocaleString('en-US')} broken on purpose`,
  ].join('\n');
}

export function formatTally(tally: Tally, brokenOnPurpose: number): string {
  const rows = [...FEED_NAMES.map((f) => [f, tally[f]] as const), ['total', totalOf(tally)] as const];
  const n = (x: number) => x.toLocaleString('en-US').padStart(10);
  return [
    `  ${'feed'.padEnd(13)}${'sent'.padStart(10)}${'accepted'.padStart(10)}${'rejected'.padStart(10)}`,
    ...rows.map(([feed, t]) => `  ${feed.padEnd(13)}${n(t.sent)}${n(t.accepted)}${n(t.rejected)}`),
    brokenOnPurpose > 0 ? `  (${brokenOnPurpose} records were broken on purpose: they are expected in quarantine)` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
