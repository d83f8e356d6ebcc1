import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsLandingStore, STAGING_FOLDER } from '../../../shared/landing/FsLandingStore.js';

let root: string;
let store: FsLandingStore;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'pulselake-fs-'));
  store = new FsLandingStore(path.join(root, 'landing'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const rel = 'bpm/ingest_date=2023-03-11/http-abc.ndjson';

describe('FsLandingStore', () => {
  it('creates folders and writes the bytes', async () => {
    expect(await store.putIfAbsent(rel, Buffer.from('{"a":1}\n'))).toBe('created');
    expect(
      await fs.readFile(path.join(root, 'landing', 'bpm', 'ingest_date=2023-03-11', 'http-abc.ndjson'), 'utf8'),
    ).toBe('{"a":1}\n');
    expect((await store.read(rel)).toString()).toBe('{"a":1}\n');
  });

  it('recreates a folder removed after an earlier write', async () => {
    expect(await store.putIfAbsent(rel, Buffer.from('first\n'))).toBe('created');
    await fs.rm(path.join(root, 'landing', 'bpm'), { recursive: true });
    const other = 'bpm/ingest_date=2023-03-11/http-def.ndjson';
    expect(await store.putIfAbsent(other, Buffer.from('second\n'))).toBe('created');
    expect((await store.read(other)).toString()).toBe('second\n');
    expect(await fs.readdir(path.join(root, 'landing', 'bpm', 'ingest_date=2023-03-11'))).toEqual(['http-def.ndjson']);
  });

  it('never replaces an existing file and leaves no temporary behind', async () => {
    await store.putIfAbsent(rel, Buffer.from('first\n'));
    expect(await store.putIfAbsent(rel, Buffer.from('second\n'))).toBe('exists');
    expect((await store.read(rel)).toString()).toBe('first\n');
    expect(await fs.readdir(path.join(root, 'landing', 'bpm', 'ingest_date=2023-03-11'))).toEqual(['http-abc.ndjson']);
  });

  it('lets exactly one of many concurrent writers of a name create it', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.putIfAbsent(rel, Buffer.from(`writer ${i}\n`))),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    const winner = outcomes.indexOf('created');
    expect((await store.read(rel)).toString()).toBe(`writer ${winner}\n`);
  });

  it('lists files under a prefix, skipping dot-files (temporaries)', async () => {
    await store.putIfAbsent(rel, Buffer.from('x'));
    await store.putIfAbsent('bpm/ingest_date=2023-03-12/eh-p0-1-9.ndjson', Buffer.from('x'));
    await store.putIfAbsent('quarantine/bpm/ingest_date=2023-03-12/http-q.ndjson', Buffer.from('x'));
    await fs.writeFile(path.join(root, 'landing', 'bpm', 'ingest_date=2023-03-11', '.half.tmp'), 'x');
    expect(await store.list('bpm/')).toEqual([rel, 'bpm/ingest_date=2023-03-12/eh-p0-1-9.ndjson']);
    expect(await store.list('bpm/ingest_date=2023-03-12')).toEqual(['bpm/ingest_date=2023-03-12/eh-p0-1-9.ndjson']);
    expect(await store.list('')).toHaveLength(3);
    expect(await store.list('workout/')).toEqual([]);
  });

  it.each(['../escape.ndjson', '/abs.ndjson', 'bpm//x.ndjson', 'bpm/.hidden.ndjson', 'a\\b.ndjson'])(
    'refuses the path %s',
    async (bad) => {
      await expect(store.putIfAbsent(bad, Buffer.from('x'))).rejects.toThrow(/invalid landing path/);
    },
  );

  it('throws (never reports success) when the root cannot be written', async () => {
    const blocked = path.join(root, 'file-not-folder');
    await fs.writeFile(blocked, 'x');
    await expect(new FsLandingStore(blocked).putIfAbsent(rel, Buffer.from('x'))).rejects.toThrow();
  });
});

const target = (): string => path.join(root, 'landing', ...rel.split('/'));
const staged = async (): Promise<string[]> =>
  fs.readdir(path.join(root, 'landing', STAGING_FOLDER)).catch(() => [] as string[]);

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('FsLandingStore.putIfAbsentOnceNamed', () => {
  it('writes the bytes meanwhile but gives them their name only once it resolves', async () => {
    const name = deferred<string>();
    const put = store.putIfAbsentOnceNamed(name.promise, Buffer.from('{"a":1}\n'));
    // The staged copy is complete while the name is pending, and nothing is under a name yet.
    for (let i = 0; i < 200 && (await staged()).length === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    const [temp] = await staged();
    expect(temp).toMatch(/\.tmp$/);
    await expect(fs.access(target())).rejects.toThrow();
    expect(await store.list('')).toEqual([]);

    name.resolve(rel);
    expect(await put).toBe('created');
    expect(await fs.readFile(target(), 'utf8')).toBe('{"a":1}\n');
    expect(await staged()).toEqual([]);
    expect(await store.list('')).toEqual([rel]);
  });

  it('never replaces an existing file', async () => {
    await store.putIfAbsent(rel, Buffer.from('first\n'));
    expect(await store.putIfAbsentOnceNamed(Promise.resolve(rel), Buffer.from('second\n'))).toBe('exists');
    expect((await store.read(rel)).toString()).toBe('first\n');
    expect(await staged()).toEqual([]);
  });

  it('writes nothing visible and keeps no staged copy when the name is refused', async () => {
    const put = store.putIfAbsentOnceNamed(Promise.reject(new Error('marker write failed')), Buffer.from('x\n'));
    await expect(put).rejects.toThrow('marker write failed');
    await expect(store.putIfAbsentOnceNamed(Promise.resolve('../escape.ndjson'), Buffer.from('x'))).rejects.toThrow(
      /invalid landing path/,
    );
    expect(await store.list('')).toEqual([]);
    expect(await staged()).toEqual([]);
  });

  it('lets exactly one of many concurrent writers of a name create it, beside putIfAbsent', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? store.putIfAbsentOnceNamed(Promise.resolve(rel), Buffer.from(`writer ${i}\n`))
          : store.putIfAbsent(rel, Buffer.from(`writer ${i}\n`)),
      ),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect((await store.read(rel)).toString()).toBe(`writer ${outcomes.indexOf('created')}\n`);
    expect(await staged()).toEqual([]);
  });

  it('throws (never reports success) when the root cannot be written', async () => {
    const blocked = path.join(root, 'file-not-folder');
    await fs.writeFile(blocked, 'x');
    await expect(
      new FsLandingStore(blocked).putIfAbsentOnceNamed(Promise.resolve(rel), Buffer.from('x')),
    ).rejects.toThrow();
  });
});
