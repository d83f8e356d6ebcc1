/**
 * Crash test of the local host (issue 11 failure 7): `pulselake serve` (the built CLI, dist/) is
 * killed with SIGKILL while clients post BPM readings, then started again on the same
 * PULSELAKE_HOME and stopped cleanly. Every reading acknowledged with 202 must have landed
 * exactly once; readings whose request died with the process land at most once.
 * (`npm test` builds dist/ first; after changing the code run `npm run build` before this file.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FsLandingStore } from '../../shared/landing/FsLandingStore.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'pulselake.js');

let home: string | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (home) await rm(home, { recursive: true, force: true });
});

/** Starts `pulselake serve --port 0` and resolves with its URL once it listens. */
function serve(lakeHome: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: { ...process.env, PULSELAKE_HOME: lakeHome, PULSELAKE_STORAGE: 'fs', PULSELAKE_FUNCTION_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1] as string, output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${output}`)));
  });
}

const key = (r: { device_id: number; time: number }): string => `${r.device_id}@${r.time}`;

describe('local host crash (SIGKILL under load, restart)', () => {
  it('lands every acknowledged BPM reading exactly once', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-crash-'));
    const first = await serve(home);
    const acknowledged = new Set<string>();
    const sent = new Set<string>();
    let running = true;
    const worker = async (device: number): Promise<void> => {
      for (let batch = 0; running; batch += 1) {
        const readings = Array.from({ length: 25 }, (_, i) => ({
          device_id: device,
          time: 1678521600 + batch * 25 + i,
          heartrate: 60 + i,
        }));
        readings.forEach((r) => sent.add(key(r)));
        try {
          const response = await fetch(`${first.url}/api/bpm`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(readings),
          });
          if (response.status === 202) readings.forEach((r) => acknowledged.add(key(r)));
          await response.arrayBuffer();
        } catch {
          return; // the host died under this request: not acknowledged
        }
      }
    };
    const workers = [1, 2, 3, 4].map((device) => worker(device));
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGKILL');
    running = false;
    await Promise.all(workers);
    expect(acknowledged.size).toBeGreaterThan(100);

    // Restart on the same folder: the journal is replayed; a clean stop lands everything pending.
    const second = await serve(home);
    const exited = new Promise<number | null>((resolve) => second.child.once('exit', (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 500)); // its SIGTERM handler is set right after the banner
    second.child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const store = new FsLandingStore(path.join(home, 'landing'));
    const copies = new Map<string, number>();
    for (const file of await store.list('bpm/')) {
      for (const line of (await store.read(file)).toString('utf8').split('\n').filter(Boolean)) {
        const k = key(JSON.parse(line) as { device_id: number; time: number });
        copies.set(k, (copies.get(k) ?? 0) + 1);
      }
    }
    const notOnce = [...acknowledged].filter((k) => copies.get(k) !== 1);
    expect(notOnce, 'acknowledged readings not landed exactly once').toEqual([]);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    expect([...copies.keys()].every((k) => sent.has(k))).toBe(true);
    if (process.env['PULSELAKE_RELIABILITY_REPORT']) {
      console.log(
        `crash: ${acknowledged.size} acknowledged, ${copies.size} landed, ${second.output().match(/replaying \d+/)?.[0] ?? 'replaying 0'}`,
      );
    }
  }, 60_000);
});
