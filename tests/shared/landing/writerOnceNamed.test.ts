// LandingWriter over FsLandingStore for batches without a date of their own: the file's bytes are
// staged while the date marker is written, and the file is only named once the marker is durable.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsLandingStore, STAGING_FOLDER } from '../../../shared/landing/FsLandingStore.js';
import type { PutOutcome } from '../../../shared/landing/LandingStore.js';
import { LandingWriter } from '../../../shared/landing/writer.js';
import type { BpmRecord } from '../../../shared/feeds/generated/types.js';
import { MemoryLandingStore } from '../../support/memoryLandingStore.js';

const at = new Date('2023-03-11T12:00:00Z');
const readings: BpmRecord[] = [
  { device_id: 14, time: 1678578000.25, heartrate: 71.5 },
  { device_id: 15, time: 1678578001, heartrate: null },
];

/** Records, for every marker put, which files had a name when it finished; can fail marker puts. */
class WatchedStore extends FsLandingStore {
  readonly seenAtMarker: string[][] = [];
  failMarkers = false;

  override async putIfAbsent(relPath: string, content: Buffer): Promise<PutOutcome> {
    if (!relPath.startsWith('_batches/')) return super.putIfAbsent(relPath, content);
    if (this.failMarkers) throw new Error('marker write failed');
    const outcome = await super.putIfAbsent(relPath, content);
    // Give the staged write every chance to run ahead before the marker is reported durable.
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.seenAtMarker.push(await this.list('bpm/'));
    return outcome;
  }
}

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'pulselake-writer-named-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('LandingWriter over FsLandingStore, batches without their own date', () => {
  it('names the file only after the date marker is durable, with the bytes and path of before', async () => {
    const store = new WatchedStore(path.join(root, 'landing'));
    const landed = await new LandingWriter(store, { now: () => at }).landBatch('bpm', readings, 'eh-p0', '1-2-abc');
    expect(store.seenAtMarker).toEqual([[]]);

    const reference = new MemoryLandingStore();
    const expected = await new LandingWriter(reference, { now: () => at }).landBatch(
      'bpm',
      readings,
      'eh-p0',
      '1-2-abc',
    );
    expect(landed).toEqual(expected);
    expect(await store.read(landed?.path ?? '')).toEqual(reference.bytes(expected));
    expect((await store.read('_batches/bpm/eh-p0-1-2-abc')).toString()).toBe('2023-03-11');
    expect(await fs.readdir(path.join(root, 'landing', STAGING_FOLDER))).toEqual([]);
  });

  it('lands a replay on a later day at the recorded date, once', async () => {
    const store = new WatchedStore(path.join(root, 'landing'));
    const first = await new LandingWriter(store, { now: () => at }).landBatch('bpm', readings, 'http');
    const later = new LandingWriter(store, { now: () => new Date('2023-03-12T00:00:01Z') });
    const replay = await later.landBatch('bpm', readings, 'http');
    expect(replay).toEqual({ path: first?.path, outcome: 'exists', count: 2 });
    expect(await store.list('bpm/')).toEqual([first?.path]);
  });

  it('lands nothing, and keeps no staged copy, when the marker cannot be written', async () => {
    const store = new WatchedStore(path.join(root, 'landing'));
    store.failMarkers = true;
    const writer = new LandingWriter(store, { now: () => at });
    await expect(writer.landBatch('bpm', readings, 'http')).rejects.toThrow('marker write failed');
    await expect(writer.quarantine('bpm', [{ index: 0, errors: ['x: bad'], raw: { x: 1 } }], 'http')).rejects.toThrow(
      'marker write failed',
    );
    expect(await store.list('')).toEqual([]);
    expect(await fs.readdir(path.join(root, 'landing', STAGING_FOLDER)).catch(() => [])).toEqual([]);
  });
});
