// Local host throughput: POSTs BPM readings to /api/bpm of an in-process `pulselake serve`
// (HTTP gateway -> in-process Event Hub -> Event Hubs trigger -> filesystem landing) and
// prints readings/s until landed and peak RSS. Size: BENCH_SERVE_REQUESTS x 10,000 readings
// (default 20).
/* global fetch */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from './bootstrap.mjs';

const { startLocalHost } = await import(path.join(repoRoot, 'dist', 'shared', 'localhost', 'index.js'));
const requests = Number(process.env.BENCH_SERVE_REQUESTS ?? 20);
const perRequest = 10_000;
const home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-bench-serve-'));
try {
  const host = await startLocalHost({
    port: 0,
    env: { ...process.env, PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs', PULSELAKE_FUNCTION_KEY: '' },
    log: () => undefined,
  });
  const started = performance.now();
  let accepted = 0;
  try {
    for (let r = 0; r < requests; r += 1) {
      const body = Array.from({ length: perRequest }, (_, i) => ({
        device_id: 1 + (i % 50),
        time: 1678521600 + r * perRequest + i,
        heartrate: 60 + (i % 30),
      }));
      const response = await fetch(`${host.url}/api/bpm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 202) throw new Error(`POST /api/bpm answered ${response.status}`);
      accepted += body.length;
    }
    await host.hub.flush();
  } finally {
    await host.close();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `bench-serve: ${accepted.toLocaleString('en-US')} BPM readings posted and landed in ${seconds.toFixed(1)} s = ` +
      `${Math.round(accepted / seconds).toLocaleString('en-US')} readings/s, peak RSS ` +
      `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
} finally {
  await rm(home, { recursive: true, force: true });
}
