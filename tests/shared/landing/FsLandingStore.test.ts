import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsLandingStore } from '../../../shared/landing/FsLandingStore.js';

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
