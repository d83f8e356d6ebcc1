/**
 * The chunker lands a chunk while the next one is read: nothing is counted as landed before the
 * store has made it durable, at most one chunk is being written, and a failed write fails the file.
 */
import { describe, expect, it } from 'vitest';
import { FeedChunker, type SourceEntry } from '../../../shared/backfill/FeedChunker.js';
import type { PutOutcome } from '../../../shared/landing/LandingStore.js';
import { LandingWriter } from '../../../shared/landing/writer.js';
import { MemoryLandingStore } from '../../support/memoryLandingStore.js';

/** A memory store whose data writes (not the `_batches` markers) wait until released. */
class GatedStore extends MemoryLandingStore {
  private gates: (() => void)[] = [];
  started = 0;

  override async putIfAbsent(relPath: string, content: Buffer): Promise<PutOutcome> {
    if (!relPath.startsWith('_batches/')) {
      this.started += 1;
      await new Promise<void>((resolve) => this.gates.push(resolve));
    }
    return super.putIfAbsent(relPath, content);
  }

  release(): void {
    for (const open of this.gates.splice(0)) open();
  }
}

const row = (line: number): SourceEntry => ({
  line,
  raw: null,
  original: `line ${line}`,
  record: { device_id: 7, time: 1678410000 + line, heartrate: 60 },
});
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('FeedChunker', () => {
  it('counts a chunk only once it is durable, and writes one chunk at a time', async () => {
    const store = new GatedStore();
    const chunker = new FeedChunker(new LandingWriter(store), 2, 'backfill');
    expect(chunker.push('bpm', row(1))).toBe(false);
    expect(chunker.push('bpm', row(2))).toBe(true);
    await chunker.land('bpm'); // starts the write, does not wait for it
    await tick();
    expect(store.started).toBe(1);
    expect(chunker.tallies.get('bpm')?.accepted).toBe(0);

    chunker.push('bpm', row(3));
    chunker.push('bpm', row(4));
    let secondStarted = false;
    const second = chunker.land('bpm').then(() => (secondStarted = true));
    await tick();
    expect(secondStarted).toBe(false); // waits for the first chunk to be durable
    expect(store.started).toBe(1);

    store.release();
    await second;
    expect(chunker.tallies.get('bpm')?.accepted).toBe(2);
    let done = false;
    const all = chunker.flushAll().then(() => (done = true));
    await tick();
    expect(done).toBe(false);
    store.release();
    await all;
    expect(chunker.tallies.get('bpm')).toMatchObject({ accepted: 4, filesCreated: 2 });
    expect(store.lines('bpm/').map((r) => r['time'])).toEqual([1678410001, 1678410002, 1678410003, 1678410004]);
  });

  it('reports a failed write at the next landing, having counted only what landed before it', async () => {
    const store = new MemoryLandingStore();
    const chunker = new FeedChunker(new LandingWriter(store), 1, 'backfill');
    chunker.push('bpm', row(1));
    await chunker.land('bpm');
    await chunker.settle();
    store.failing = true;
    chunker.push('bpm', row(2));
    await chunker.land('bpm'); // the failing write runs in the background
    chunker.push('bpm', row(3));
    await expect(chunker.land('bpm')).rejects.toThrow('storage down');
    expect(chunker.tallies.get('bpm')?.accepted).toBe(1);
  });

  it('fails flushAll when the last write fails', async () => {
    const store = new MemoryLandingStore();
    const chunker = new FeedChunker(new LandingWriter(store), 10, 'backfill');
    chunker.push('bpm', row(1));
    store.failing = true;
    await expect(chunker.flushAll()).rejects.toThrow('storage down');
    expect(chunker.tallies.get('bpm')?.accepted).toBe(0);
  });

  it('quarantines rejected and unmapped rows with their text, in line order', async () => {
    const store = new MemoryLandingStore();
    const chunker = new FeedChunker(new LandingWriter(store), 10, 'backfill');
    chunker.push('bpm', { line: 3, raw: null, original: 'bad 3', record: { device_id: 'x' } });
    chunker.push('bpm', { line: 5, raw: null, original: 'bad 5', error: '(line): not valid JSON' });
    chunker.push('bpm', row(7));
    await chunker.flushAll();
    const quarantined = store.lines('quarantine/bpm/');
    expect(quarantined.map((q) => [q['index'], q['raw']])).toEqual([
      [3, 'bad 3'],
      [5, 'bad 5'],
    ]);
    expect(quarantined[1]?.['errors']).toEqual(['(line): not valid JSON']);
    expect(chunker.tallies.get('bpm')).toMatchObject({ accepted: 1, rejected: 2 });
  });
});
