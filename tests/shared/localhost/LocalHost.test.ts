/**
 * The local host end to end over real HTTP: manifest routes, the same handlers, landing and
 * quarantine on the filesystem store, /api/bpm through the in-process Event Hub, function
 * keys, body limits, storage failures and a clean close.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEEDS, FEED_NAMES, type FeedName } from '../../../shared/feeds/registry.js';
import { FsLandingStore } from '../../../shared/landing/FsLandingStore.js';
import type { LandingStore } from '../../../shared/landing/LandingStore.js';
import { LandingWriter } from '../../../shared/landing/writer.js';
import { startLocalHost, type LocalHost, type LocalHostOptions } from '../../../shared/localhost/LocalHost.js';
import { loadSchema } from '../../../shared/validation/validator.js';

const FAST_RETRY = { strategy: 'fixedDelay', maxRetryCount: -1, delayInterval: 10 } as const;
const quiet = (): undefined => undefined;

let home: string;
let store: FsLandingStore;
let host: LocalHost | undefined;

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-localhost-'));
  store = new FsLandingStore(path.join(home, 'landing'));
});
afterEach(async () => {
  await host?.close().catch(() => undefined);
  host = undefined;
  await rm(home, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}, options: Partial<LocalHostOptions> = {}): Promise<LocalHost> {
  host = await startLocalHost({
    port: 0,
    env: { PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs', ...env },
    log: quiet,
    eventHub: { batchWindowMs: 0, retry: FAST_RETRY },
    ...options,
  });
  return host;
}

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

async function records(prefix: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const file of await store.list(prefix)) {
    for (const line of (await store.read(file)).toString('utf8').split('\n')) {
      if (line) out.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  return out;
}

const example = (feed: FeedName): Record<string, unknown> =>
  (loadSchema(feed)['examples'] as Record<string, unknown>[])[0] as Record<string, unknown>;

describe('local host', () => {
  it('serves every feed route of the registry under /api', async () => {
    const local = await start();
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(local.routes.map((r) => r.path).sort()).toEqual(FEED_NAMES.map((f) => `/api/${FEEDS[f].route}`).sort());
  });

  it.each(FEED_NAMES.filter((f) => f !== 'bpm'))(
    'POST /api/<route> of %s lands valid records and quarantines invalid ones with reasons',
    async (feed) => {
      const local = await start();
      const invalid = { ...example(feed), surprise: 1 };
      const response = await post(`${local.url}/api/${FEEDS[feed].route}`, [example(feed), invalid]);

      expect(response).toEqual({
        status: 202,
        json: { accepted: 1, rejected: [{ index: 1, errors: ['surprise: unknown field'] }] },
      });
      expect(await records(`${feed}/`)).toEqual([example(feed)]);
      expect(await records(`quarantine/${feed}/`)).toEqual([
        expect.objectContaining({
          feed,
          source: 'http',
          index: 1,
          errors: ['surprise: unknown field'],
          raw: JSON.stringify(invalid), // the record's text as sent
        }),
      ]);
    },
  );

  it('answers 400 with the reasons when no record is valid', async () => {
    const local = await start();
    const response = await post(`${local.url}/api/workouts`, { user_id: 1 });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ accepted: 0, rejected: [{ index: 0 }] });
    expect(await store.list('workout/')).toEqual([]);
    expect(await store.list('quarantine/workout/')).toHaveLength(1);
  });

  it('answers a malformed JSON body with 400, a JSON error naming the parse failure, and its length', async () => {
    const local = await start();
    const response = await fetch(`${local.url}/api/bpm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"device_id": 1,',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).toEqual({ error: expect.stringMatching(/^body is not valid JSON: /) as unknown });
    expect(local.hub.pendingCount()).toBe(0);
  });

  it('POST /api/bpm lands the readings through the in-process Event Hub and the BPM trigger', async () => {
    const local = await start();
    const readings = [
      { device_id: 1, time: 1678521600, heartrate: 70 },
      { device_id: 2, time: 1678521600, heartrate: null },
      { device_id: 1, time: 1678521601, heartrate: 71.5 },
    ];
    const response = await post(`${local.url}/api/bpm`, [...readings, { device_id: 3, time: 5, heartrate: 1 }]);
    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ accepted: 3, rejected: [{ index: 3 }] });

    await local.hub.flush();
    const landed = await store.list('bpm/');
    expect(landed.length).toBeGreaterThan(0);
    for (const file of landed) expect(file).toMatch(/\/eh-p\d+-\d+-\d+-[0-9a-f]{12}\.ndjson$/);
    expect(await records('bpm/')).toEqual(expect.arrayContaining(readings));
    expect(await records('bpm/')).toHaveLength(3);
    expect(await records('quarantine/bpm/')).toEqual([expect.objectContaining({ source: 'http', index: 3 })]);
  });

  describe('with PULSELAKE_FUNCTION_KEY set', () => {
    it('answers 401 without the key or with a wrong one, and serves with it (header or code)', async () => {
      const local = await start({ PULSELAKE_FUNCTION_KEY: 's3cret' });
      const url = `${local.url}/api/registrations`;
      const record = example('registration');

      expect((await post(url, record)).status).toBe(401);
      expect((await post(url, record, { 'x-functions-key': 'wrong' })).status).toBe(401);
      expect(await store.list('')).toEqual([]);
      expect((await post(url, record, { 'x-functions-key': 's3cret' })).status).toBe(202);
      expect((await post(`${url}?code=s3cret`, record)).status).toBe(202);
    });
  });

  it('refuses an oversized body with 413 before parsing, declared or streamed', async () => {
    const local = await start({ PULSELAKE_MAX_BODY_BYTES: '1000' });
    const big = JSON.stringify(Array.from({ length: 40 }, () => example('registration')));
    expect(big.length).toBeGreaterThan(1000);
    expect((await post(`${local.url}/api/registrations`, big)).status).toBe(413);

    // Without Content-Length (chunked), the host stops reading after the limit.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i += 1) controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const response = await fetch(`${local.url}/api/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await store.list('')).toEqual([]);
  });

  it('answers 404 for unknown routes and 405 for other methods', async () => {
    const local = await start();
    expect((await fetch(`${local.url}/api/nothing`, { method: 'POST' })).status).toBe(404);
    const get = await fetch(`${local.url}/api/registrations`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers 503 when storage fails, and acknowledges nothing', async () => {
    const down: LandingStore = {
      putIfAbsent: () => Promise.reject(new Error('connect ECONNREFUSED')),
      list: () => Promise.resolve([]),
      read: () => Promise.reject(new Error('down')),
      describe: () => 'down',
    };
    const local = await start({}, { landingWriter: new LandingWriter(down) });
    const response = await post(`${local.url}/api/gym-visits`, example('gym_visit'));
    expect(response.status).toBe(503);
  });

  it('redelivers a BPM batch whose landing failed, until it lands once', async () => {
    let failures = 2;
    const flaky: LandingStore = {
      putIfAbsent: (relPath, content) =>
        failures-- > 0 ? Promise.reject(new Error('storage blip')) : store.putIfAbsent(relPath, content),
      list: (prefix) => store.list(prefix),
      read: (relPath) => store.read(relPath),
      describe: () => 'flaky',
    };
    const local = await start(
      {},
      { landingWriter: new LandingWriter(flaky), eventHub: { partitionCount: 1, batchWindowMs: 0, retry: FAST_RETRY } },
    );
    const reading = { device_id: 9, time: 1678521600, heartrate: 80 };
    expect((await post(`${local.url}/api/bpm`, reading)).status).toBe(202);

    await local.hub.flush();
    expect(local.hub.state()[0]).toMatchObject({ pending: 0, failedInvocations: 2 });
    expect(await records('bpm/')).toEqual([reading]);
  });

  it('close() lands the readings still waiting in the hub', async () => {
    const local = await start({}, { eventHub: { batchWindowMs: 60_000, retry: FAST_RETRY } });
    const reading = { device_id: 4, time: 1678521600, heartrate: 64 };
    expect((await post(`${local.url}/api/bpm`, reading)).status).toBe(202);
    expect(local.hub.pendingCount()).toBe(1);

    await local.close();
    expect(await records('bpm/')).toEqual([reading]);
    await expect(fetch(`${local.url}/api/bpm`, { method: 'POST' })).rejects.toThrow();
  });

  it('a restarted host lands new readings under new names', async () => {
    const first = await start();
    await post(`${first.url}/api/bpm`, { device_id: 5, time: 1678521600, heartrate: 60 });
    await first.close();
    await new Promise((r) => setTimeout(r, 2));
    const second = await start();
    await post(`${second.url}/api/bpm`, { device_id: 5, time: 1678521601, heartrate: 61 });
    await second.close();
    expect(await records('bpm/')).toHaveLength(2);
  });
});
