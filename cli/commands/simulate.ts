/** `pulselake simulate`: a seeded population of wearables and gym kiosks sending to the local host or Azure. */
import { InvalidArgumentError, type Command } from 'commander';
import { readSetting, requireSetting } from '../../shared/config/settings.js';
import { createBpmPublisher } from '../../shared/eventhub/index.js';
import { totalOf } from '../../shared/simulator/deliver.js';
import { DEFAULT_OPTIONS, type SimulationOptions } from '../../shared/simulator/model.js';
import { AzureBatchSender, HttpBatchSender, type BatchSender } from '../../shared/simulator/senders.js';
import { simulateAndSend } from '../../shared/simulator/simulateAndSend.js';
import { groundTruth } from '../../tools/oracle/groundTruth.js';

export const DEFAULT_LOCAL_URL = 'http://127.0.0.1:7071';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number >= 0');
  return n;
}

export function rate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a fraction between 0 and 1');
  return n;
}

export function utcDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  return value;
}

/** The simulation options every simulating verb takes (simulate, demo). */
export function addSimulationOptions(command: Command, defaults: Partial<SimulationOptions> = {}): Command {
  const d = { ...DEFAULT_OPTIONS, ...defaults };
  return command
    .option('--users <n>', 'people wearing a device', positiveInt, d.users)
    .option('--gyms <n>', 'gyms with a kiosk', nonNegativeInt, d.gyms)
    .option('--days <n>', 'days simulated', positiveInt, d.days)
    .option('--seed <n>', 'random seed (same seed, same data)', nonNegativeInt, d.seed)
    .option(
      '--start <date>',
      'first simulated day (UTC, YYYY-MM-DD)',
      utcDay,
      new Date(d.start * 1000).toISOString().slice(0, 10),
    )
    .option('--duplicate-rate <r>', 'share of records delivered twice', rate, d.duplicateRate)
    .option('--late-rate <r>', 'share of records delivered late (after all others)', rate, d.lateRate)
    .option(
      '--invalid-rate <r>',
      'share of extra, deliberately invalid records (quarantine demo)',
      rate,
      d.invalidRate,
    );
}

export interface SimulationFlags {
  users: number;
  gyms: number;
  days: number;
  seed: number;
  /** YYYY-MM-DD */
  start: string;
  duplicateRate: number;
  lateRate: number;
  invalidRate: number;
}

export function simulationOptions(flags: SimulationFlags): SimulationOptions {
  return {
    users: flags.users,
    gyms: flags.gyms,
    days: flags.days,
    seed: flags.seed,
    start: Date.parse(`${flags.start}T00:00:00Z`) / 1000,
    duplicateRate: flags.duplicateRate,
    lateRate: flags.lateRate,
    invalidRate: flags.invalidRate,
  };
}

interface SimulateFlags extends SimulationFlags {
  target: 'local' | 'azure';
  url?: string;
  truth?: string;
  concurrency: number;
}

function createSender(flags: SimulateFlags): BatchSender {
  if (flags.target === 'local') {
    const key = readSetting('functionKey');
    return new HttpBatchSender(flags.url ?? DEFAULT_LOCAL_URL, key ? { functionKey: key } : {});
  }
  const key = readSetting('functionsClientKey');
  const http = new HttpBatchSender(
    flags.url ?? requireSetting('functionsUrl', process.env, 'is required with --target azure (or pass --url)'),
    key ? { functionKey: key } : {},
  );
  return new AzureBatchSender(http, createBpmPublisher());
}

export function registerSimulate(program: Command): void {
  addSimulationOptions(
    program
      .command('simulate')
      .description(
        'Simulate wearables and gym kiosks (registrations, profiles, gym visits, workouts, 1 Hz heart rate) and ' +
          'send them to the local host (--target local, run `pulselake serve` first) or to Azure (--target azure: ' +
          'BPM to Event Hubs, the rest to the Function App).',
      ),
  )
    .option(
      '--target <target>',
      'local | azure',
      (v) => {
        if (v !== 'local' && v !== 'azure') throw new InvalidArgumentError('must be local or azure');
        return v;
      },
      'local',
    )
    .option('--url <url>', `base URL of the API (default ${DEFAULT_LOCAL_URL}, or PULSELAKE_FUNCTIONS_URL for azure)`)
    .option('--truth <file>', 'write the ground truth (true readings, expected gold rows) as JSON')
    .option('--concurrency <n>', 'requests in flight', positiveInt, 4)
    .action(async (flags: SimulateFlags) => {
      const sender = createSender(flags);
      try {
        const { tally, simulation } = await simulateAndSend({
          simulation: simulationOptions(flags),
          sender,
          progress: true,
          concurrency: flags.concurrency,
          ...(flags.truth ? { truth: { file: flags.truth, of: groundTruth } } : {}),
        });
        const rejected = totalOf(tally).rejected;
        if (rejected !== simulation.delivery.broken && flags.target === 'local') {
          console.error(
            `pulselake simulate: ${rejected} records rejected, but ${simulation.delivery.broken} were broken on purpose`,
          );
          process.exitCode = 1;
        }
      } catch (error) {
        const message = (error as Error).message;
        const hint =
          flags.target === 'local' && message.includes('network error') ? ' (is `pulselake serve` running?)' : '';
        console.error(`pulselake simulate: ${message}${hint}`);
        process.exitCode = 1;
      } finally {
        await sender.close();
      }
    });
}
