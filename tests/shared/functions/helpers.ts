/** Shared set-up of the function tests: a real filesystem landing store in a temp folder, test services. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Timer } from '@azure/functions';
import type { FunctionServices } from '../../../shared/functions/services.js';
import { FsLandingStore } from '../../../shared/landing/FsLandingStore.js';
import { LandingWriter } from '../../../shared/landing/writer.js';
import type { LandingStore } from '../../../shared/landing/LandingStore.js';
import { IngestTelemetry } from '../../../shared/telemetry/IngestTelemetry.js';
import { GoldRefresher } from '../../../shared/warehouse/GoldRefresher.js';
import type { SqlWarehouse, StatementResult } from '../../../shared/warehouse/SqlWarehouse.js';

export interface TempLanding {
  root: string;
  store: FsLandingStore;
  writer: LandingWriter;
  /** Every landed file (relative path) with its NDJSON lines parsed; `_batches/` date markers are not landed data. */
  files(prefix?: string): Promise<Record<string, unknown[]>>;
  cleanup(): Promise<void>;
}

export async function tempLanding(): Promise<TempLanding> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pulselake-fn-'));
  const store = new FsLandingStore(root);
  return {
    root,
    store,
    writer: new LandingWriter(store),
    async files(prefix = '') {
      const out: Record<string, unknown[]> = {};
      for (const file of await store.list(prefix)) {
        if (file.startsWith('_batches/')) continue;
        const text = (await store.read(file)).toString('utf8');
        out[file] = text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as unknown);
      }
      return out;
    },
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}

/** A store that is down: every write fails like an unreachable storage account. */
export const brokenStore: LandingStore = {
  putIfAbsent: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:10000')),
  list: () => Promise.resolve([]),
  read: () => Promise.reject(new Error('down')),
  describe: () => 'broken',
};

/** Collects what a handler logs through its InvocationContext. */
export function logCollector(): { lines: string[]; logHandler: (level: string, ...args: unknown[]) => void } {
  const lines: string[] = [];
  return { lines, logHandler: (level, ...args) => lines.push(`${level}: ${args.map(String).join(' ')}`) };
}

/** A warehouse that records the SQL files it was asked to run (and runs nothing). */
export class RecordingWarehouse implements SqlWarehouse {
  readonly kind = 'recording';
  readonly runs: string[][] = [];
  describe(): string {
    return 'recording warehouse';
  }
  async runFiles(files: readonly string[]): Promise<StatementResult[]> {
    this.runs.push([...files]);
    return files.map((file) => ({ file: path.basename(file), statement: 1, durationMs: 0, affectedRows: 0 }));
  }
  async close(): Promise<void> {}
}

/**
 * Services for handler tests: the given landing writer, a publisher that collects readings, a
 * gold refresher over a RecordingWarehouse running the given files; overrides win.
 */
export function testServices(
  landingWriter: LandingWriter,
  overrides: Partial<FunctionServices> = {},
): FunctionServices & { published: unknown[]; warehouse: RecordingWarehouse } {
  const published: unknown[] = [];
  const warehouse = new RecordingWarehouse();
  return {
    landingWriter,
    bpmPublisher: { publish: async (readings) => void published.push(...readings), close: async () => undefined },
    maxBodyBytes: 4 * 1024 * 1024,
    storageDeadlineMs: 8000,
    goldRefresher: new GoldRefresher({ warehouse, files: async () => ['/sql/gold/10_a.sql', '/sql/gold/20_b.sql'] }),
    goldRefreshSchedule: '0 */15 * * * *',
    eventHubConsumerGroup: '$Default',
    telemetry: new IngestTelemetry(),
    ...overrides,
    published,
    warehouse,
  };
}

/** A timer trigger's argument for one on-time tick. */
export function timerTick(): Timer {
  const now = new Date().toISOString();
  return {
    isPastDue: false,
    schedule: { adjustForDST: false },
    scheduleStatus: { last: now, next: now, lastUpdated: now },
  };
}
