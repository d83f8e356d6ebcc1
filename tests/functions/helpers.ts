/** Shared set-up of the function tests: a real filesystem landing store in a temp folder. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FsLandingStore } from '../../shared/landing/FsLandingStore.js';
import { LandingWriter } from '../../shared/landing/writer.js';
import type { LandingStore } from '../../shared/landing/LandingStore.js';

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
