/**
 * Each local host builds its own services (landing writer, in-process hub, telemetry) and
 * binds its own `functionsFor(services)`: two hosts in one process, over different landing
 * folders, must land each request and each BPM reading in their own folder only, and closing
 * one must leave the other serving.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsLandingStore } from '../../../shared/landing/FsLandingStore.js';
import { startLocalHost, type LocalHost } from '../../../shared/localhost/LocalHost.js';

const FAST_RETRY = { strategy: 'fixedDelay', maxRetryCount: -1, delayInterval: 10 } as const;

let homes: string[] = [];
let hosts: LocalHost[] = [];

beforeEach(async () => {
  homes = [
    await mkdtemp(path.join(os.tmpdir(), 'pulselake-host-a-')),
    await mkdtemp(path.join(os.tmpdir(), 'pulselake-host-b-')),
  ];
});
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close().catch(() => undefined)));
  hosts = [];
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

async function start(home: string, lines: string[]): Promise<LocalHost> {
  const host = await startLocalHost({
    port: 0,
    env: { PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs' },
    log: (_level, ...args) => void lines.push(args.map(String).join(' ')),
    eventHub: { batchWindowMs: 0, retry: FAST_RETRY },
  });
  hosts.push(host);
  return host;
}

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

async function landed(home: string, prefix: string): Promise<unknown[]> {
  const store = new FsLandingStore(path.join(home, 'landing'));
  const out: unknown[] = [];
  for (const file of await store.list(prefix)) {
    for (const line of (await store.read(file)).toString('utf8').split('\n')) if (line) out.push(JSON.parse(line));
  }
  return out;
}

const registration = (userId: number) => ({
  user_id: userId,
  device_id: userId * 10,
  mac_address: 'aa:bb:cc:00:11:22',
  registration_timestamp: 1678451168,
});

describe('two local hosts in one process', () => {
  it('land in their own folders, through their own hubs, and close independently', async () => {
    const [homeA, homeB] = homes as [string, string];
    const linesA: string[] = [];
    const linesB: string[] = [];
    const a = await start(homeA, linesA);
    const b = await start(homeB, linesB);

    expect(await post(`${a.url}/api/registrations`, registration(1))).toBe(202);
    expect(await post(`${b.url}/api/registrations`, registration(2))).toBe(202);
    expect(await post(`${a.url}/api/bpm`, { device_id: 10, time: 1678521600, heartrate: 60 })).toBe(202);
    expect(await post(`${b.url}/api/bpm`, { device_id: 20, time: 1678521600, heartrate: 70 })).toBe(202);
    await Promise.all([a.hub.flush(), b.hub.flush()]);

    expect(await landed(homeA, 'registration/')).toEqual([expect.objectContaining({ user_id: 1 })]);
    expect(await landed(homeB, 'registration/')).toEqual([expect.objectContaining({ user_id: 2 })]);
    expect(await landed(homeA, 'bpm/')).toEqual([expect.objectContaining({ device_id: 10 })]);
    expect(await landed(homeB, 'bpm/')).toEqual([expect.objectContaining({ device_id: 20 })]);
    // Each host's log has its own batches only (one readable line per batch).
    expect(linesA.filter((l) => l.includes('registration http batch'))).toHaveLength(1);
    expect(linesB.filter((l) => l.includes('bpm eventhub batch'))).toHaveLength(1);

    // Closing A leaves B serving, into B's folder.
    await a.close();
    expect(await post(`${b.url}/api/registrations`, registration(3))).toBe(202);
    expect((await landed(homeB, 'registration/')).length).toBe(2);
    expect(await landed(homeA, 'registration/')).toHaveLength(1);
  });
});
