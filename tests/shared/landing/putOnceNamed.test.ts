import { describe, expect, it } from 'vitest';
import type { LandingStore, PutOutcome } from '../../../shared/landing/LandingStore.js';
import { putOnceNamed } from '../../../shared/landing/putOnceNamed.js';
import { MemoryLandingStore } from '../../support/memoryLandingStore.js';

describe('putOnceNamed', () => {
  it('waits for the name on a store without putIfAbsentOnceNamed, then puts once', async () => {
    const store = new MemoryLandingStore();
    let name!: (value: string) => void;
    const put = putOnceNamed(store, new Promise<string>((resolve) => (name = resolve)), Buffer.from('x\n'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await store.list('')).toEqual([]);
    name('bpm/a.ndjson');
    expect(await put).toBe('created');
    expect(await putOnceNamed(store, Promise.resolve('bpm/a.ndjson'), Buffer.from('y\n'))).toBe('exists');
    expect((await store.read('bpm/a.ndjson')).toString()).toBe('x\n');
    await expect(putOnceNamed(store, Promise.reject(new Error('no name')), Buffer.from('z'))).rejects.toThrow(
      'no name',
    );
  });

  it("uses the store's own putIfAbsentOnceNamed when it has one", async () => {
    const calls: string[] = [];
    const store: LandingStore = {
      putIfAbsent: async (): Promise<PutOutcome> => {
        calls.push('putIfAbsent');
        return 'created';
      },
      putIfAbsentOnceNamed: async (relPath: Promise<string>): Promise<PutOutcome> => {
        calls.push(`onceNamed ${await relPath}`);
        return 'exists';
      },
      list: async () => [],
      read: async () => Buffer.alloc(0),
      describe: () => 'stub',
    };
    expect(await putOnceNamed(store, Promise.resolve('bpm/b.ndjson'), Buffer.from('x'))).toBe('exists');
    expect(calls).toEqual(['onceNamed bpm/b.ndjson']);
  });
});
