import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { goldCovers, newestLanded, sentRecords } from '../../cli/commands/demoLive.js';

describe('newestLanded', () => {
  let home: string;
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('gives each feed its newest landing file to the millisecond, skipping hidden temp files', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-live-'));
    const put = async (rel: string, epoch: number) => {
      const file = path.join(home, 'landing', rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, '{}\n');
      await utimes(file, epoch, epoch);
    };
    await put('bpm/ingest_date=2025-03-10/a.ndjson', 1_700_000_000.25);
    await put('bpm/ingest_date=2025-03-11/b.ndjson', 1_700_000_100.5);
    await put('bpm/ingest_date=2025-03-11/.c.ndjson.123.tmp', 1_800_000_000);
    await put('workout/ingest_date=2025-03-10/w.ndjson', 1_700_000_050);
    await put('quarantine/bpm/ingest_date=2025-03-10/q.ndjson', 1_900_000_000); // not a feed folder
    expect(await newestLanded(home)).toEqual({ bpm: 1_700_000_100.5, workout: 1_700_000_050 });
  });
});

describe('goldCovers', () => {
  it('needs every landed feed at or below what the gold refresh held', () => {
    expect(goldCovers({ bpm: 10, workout: 5 }, { bpm: 10, workout: 4 })).toBe(true);
    expect(goldCovers({ bpm: 10 }, { bpm: 10, workout: 4 })).toBe(false);
    expect(goldCovers({ bpm: 9.999 }, { bpm: 10 })).toBe(false);
    expect(goldCovers({}, {})).toBe(true);
  });
});

describe('sentRecords', () => {
  it('keeps the valid records of the sent batches, per feed', () => {
    const valid = { user_id: 1, workout_id: 2, session_id: 3, action: 'start', timestamp: 1_700_000_000 };
    const broken = { ...valid, action: 'pause' };
    const records = sentRecords([{ feed: 'workout', records: [valid, broken], broken: 1 }]);
    expect(records.workout).toEqual([valid]);
    expect(records.bpm).toEqual([]);
  });
});
