/** A temporary filesystem landing zone for backfill tests, and readers over what it holds. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FsLandingStore } from '../../../shared/landing/FsLandingStore.js';
import { LandingWriter } from '../../../shared/landing/writer.js';

/** Pinned so that a replay in the same test lands in the same ingest_date folder. */
export const FIXED_NOW = new Date('2024-05-01T12:00:00Z');

export interface TempLanding {
  dir: string;
  store: FsLandingStore;
  writer: LandingWriter;
  /** Every record in the files under `prefix` (e.g. `bpm/` or `quarantine/workout/`). */
  records(prefix: string): Promise<Record<string, unknown>[]>;
  files(prefix?: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

export async function tempLanding(options: { gzip?: boolean } = {}): Promise<TempLanding> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulselake-backfill-'));
  const store = new FsLandingStore(path.join(dir, 'landing'));
  const writer = new LandingWriter(store, { gzip: options.gzip ?? false, now: () => FIXED_NOW });
  return {
    dir,
    store,
    writer,
    files: (prefix = '') => store.list(prefix),
    async records(prefix) {
      const out: Record<string, unknown>[] = [];
      for (const file of await store.list(prefix)) {
        const bytes = await store.read(file);
        const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
        for (const line of text.split('\n')) if (line !== '') out.push(JSON.parse(line) as Record<string, unknown>);
      }
      return out;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
