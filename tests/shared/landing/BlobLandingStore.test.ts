import { BlobServiceClient } from '@azure/storage-blob';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobLandingStore } from '../../../shared/landing/BlobLandingStore.js';
import { createLandingStore } from '../../../shared/landing/index.js';
import { LandingWriter } from '../../../shared/landing/writer.js';
import { startAzurite, type Azurite } from '../../support/azurite.js';

let azurite: Azurite;
let service: BlobServiceClient;
let containerSeq = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
});
afterAll(async () => {
  await azurite?.stop();
});

/** A fresh container per test, so tests do not see each other's blobs. */
function freshStore(): { store: BlobLandingStore; container: string } {
  const container = `landing-${process.pid}-${++containerSeq}`;
  return { store: new BlobLandingStore(service, container), container };
}

const rel = 'bpm/ingest_date=2023-03-11/eh-p0-1-2.ndjson';

describe('BlobLandingStore on Azurite', () => {
  it('creates the container on first write and stores the bytes', async () => {
    const { store, container } = freshStore();
    expect(await store.putIfAbsent(rel, Buffer.from('{"a":1}\n'))).toBe('created');
    expect(await service.getContainerClient(container).exists()).toBe(true);
    expect((await store.read(rel)).toString()).toBe('{"a":1}\n');
    const props = await service.getContainerClient(container).getBlockBlobClient(rel).getProperties();
    expect(props.contentType).toBe('application/x-ndjson');
  });

  it('never replaces an existing blob: a second write reports exists and keeps the first content', async () => {
    const { store } = freshStore();
    await store.putIfAbsent(rel, Buffer.from('first\n'));
    expect(await store.putIfAbsent(rel, Buffer.from('second\n'))).toBe('exists');
    expect((await store.read(rel)).toString()).toBe('first\n');
  });

  it('lets exactly one of several concurrent writers create a blob', async () => {
    const { store } = freshStore();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.putIfAbsent(rel, Buffer.from(`w${i}`))),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect((await store.read(rel)).toString()).toBe(`w${outcomes.indexOf('created')}`);
  });

  it('lists by prefix, sorted', async () => {
    const { store } = freshStore();
    await store.putIfAbsent('bpm/ingest_date=2023-03-12/http-b.ndjson', Buffer.from('x'));
    await store.putIfAbsent(rel, Buffer.from('x'));
    await store.putIfAbsent('quarantine/bpm/ingest_date=2023-03-12/http-q.ndjson', Buffer.from('x'));
    expect(await store.list('bpm/')).toEqual([rel, 'bpm/ingest_date=2023-03-12/http-b.ndjson']);
    expect(await store.list('quarantine/')).toEqual(['quarantine/bpm/ingest_date=2023-03-12/http-q.ndjson']);
    expect(await store.list('workout/')).toEqual([]);
  });

  it('throws (never reports success) when the service is unreachable', async () => {
    const dead = BlobServiceClient.fromConnectionString(azurite.connectionString.replace(`:${azurite.port}/`, ':1/'), {
      retryOptions: { maxTries: 1 },
    });
    await expect(new BlobLandingStore(dead, 'landing').putIfAbsent(rel, Buffer.from('x'))).rejects.toThrow();
  });

  it('works through createLandingStore + LandingWriter, gzip included', async () => {
    const container = `landing-${process.pid}-writer`;
    const store = createLandingStore({
      PULSELAKE_STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      PULSELAKE_LANDING_CONTAINER: container,
    });
    const writer = new LandingWriter(store, { gzip: true, now: () => new Date('2023-03-11T10:00:00Z') });
    const reading = { device_id: 1, time: 1678521600, heartrate: 61 };
    const landed = await writer.landBatch('bpm', [reading], 'eh-p2', '10-10');
    expect(landed).toEqual({ path: 'bpm/ingest_date=2023-03-11/eh-p2-10-10.ndjson.gz', outcome: 'created', count: 1 });
    expect(gunzipSync(await store.read('bpm/ingest_date=2023-03-11/eh-p2-10-10.ndjson.gz')).toString()).toBe(
      JSON.stringify(reading) + '\n',
    );
    expect((await writer.landBatch('bpm', [reading], 'eh-p2', '10-10'))?.outcome).toBe('exists');
  });
});
