// HTTP ingestion measured with autocannon against `pulselake serve` (a child process, filesystem landing):
// single-record POSTs to /api/bpm at a fixed 2,000 requests/s for 20 s (latency percentiles, errors), then
// 10,000-record batches as fast as they are answered (records/s accepted with 202).
/* global fetch, setTimeout */
// Prints {"http": {...}} as its last line.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { repoRoot } from '../bootstrap.mjs';

const SINGLE_RATE = Number(process.env.BENCH_HTTP_RATE ?? 2000);
const SINGLE_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 20);
const BATCH_RECORDS = 10_000;
const BATCH_SECONDS = Number(process.env.BENCH_HTTP_BATCH_SECONDS ?? 10);

/** A port nobody listens on right now (the OS picks it). */
async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts `pulselake serve` with its request log going to /dev/null: it writes one line per request, and a
 * pipe that this busy process reads late (or a file on a busy disk) would block the server on that write.
 */
async function startServe(home) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'pulselake.js'), 'serve', '--port', String(port)], {
    cwd: repoRoot,
    env: { ...process.env, PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs', PULSELAKE_FUNCTION_KEY: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`pulselake serve exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/api/bpm`, { method: 'OPTIONS' });
      return { child, url };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('pulselake serve did not start listening within 60 s');
}

/** Requests whose bodies differ (a new time each), so that every one lands as new data. */
function varyingBodies(recordsPerRequest) {
  let next = 0;
  return [
    {
      setupRequest(request) {
        const records = Array.from({ length: recordsPerRequest }, (_, i) => ({
          device_id: 100 + ((next + i) % 500),
          time: 1678521600 + next + i,
          heartrate: 50 + ((next + i) % 90) + 0.5,
        }));
        next += recordsPerRequest;
        return { ...request, body: JSON.stringify(recordsPerRequest === 1 ? records[0] : records) };
      },
    },
  ];
}

function cannon(options) {
  return autocannon({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...options,
  });
}

const home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-bench-http-'));
const { child, url } = await startServe(home);
try {
  const single = await cannon({
    url: `${url}/api/bpm`,
    connections: 20,
    overallRate: SINGLE_RATE,
    duration: SINGLE_SECONDS,
    requests: varyingBodies(1),
  });
  const singleErrors = single.errors + single.timeouts + single.non2xx;
  const batch = await cannon({
    url: `${url}/api/bpm`,
    connections: 2,
    duration: BATCH_SECONDS,
    requests: varyingBodies(BATCH_RECORDS),
  });
  const batchErrors = batch.errors + batch.timeouts + batch.non2xx;
  console.error(
    `http: single ${single.requests.total} requests (${singleErrors} errors), batch ${batch.requests.total} requests ` +
      `(${batchErrors} errors) in ${batch.duration.toFixed(1)} s`,
  );
  console.log(
    JSON.stringify({
      http: {
        single_rps: Math.round(single.requests.total / single.duration),
        single_p50_ms: single.latency.p50,
        single_p99_ms: single.latency.p99,
        batch_records_per_s: Math.round(((batch.requests.total - batchErrors) * BATCH_RECORDS) / batch.duration),
      },
    }),
  );
} finally {
  child.kill('SIGTERM');
  await once(child, 'close');
  await rm(home, { recursive: true, force: true });
}
