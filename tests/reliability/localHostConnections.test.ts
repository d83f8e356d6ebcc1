/**
 * The local host's connection handling and logging (issue 11 failures 2 and 10), over real
 * sockets: function keys never reach the log, timeouts and a connection cap, a 401/413 stops
 * reading the body and closes, and error answers list no routes and echo no request header.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalHost, type LocalHost } from '../../shared/localhost/LocalHost.js';
import { redactSecrets } from '../../shared/http/redact.js';

const KEY = 's3cr3t-function-key';
const registration = {
  user_id: 7,
  device_id: 70,
  mac_address: 'aa:bb:cc:00:11:22',
  registration_timestamp: 1678451168,
};

let home: string;
let host: LocalHost | undefined;
let logged: string[];

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-conn-'));
  logged = [];
});
afterEach(async () => {
  await host?.close().catch(() => undefined);
  host = undefined;
  await rm(home, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}): Promise<LocalHost> {
  host = await startLocalHost({
    port: 0,
    env: { PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs', PULSELAKE_FUNCTION_KEY: KEY, ...env },
    log: (level, ...args) =>
      logged.push(`${level} ${args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')}`),
    eventHub: { batchWindowMs: 0 },
  });
  return host;
}

/** Sends raw bytes on a new connection; resolves with what came back once the server closed it. */
function exchange(
  url: string,
  raw: string,
  timeoutMs = 5000,
): Promise<{ text: string; closedByServer: boolean; ms: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect({ host: hostname, port: Number(port) });
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedByServer: false, ms: performance.now() - started });
    }, timeoutMs);
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedByServer: true, ms: performance.now() - started });
    });
    socket.write(raw);
  });
}

describe('failure 2: the function key never reaches the log', () => {
  it('redacts ?code= in logged request lines', async () => {
    const local = await start();
    const response = await fetch(`${local.url}/api/registrations?code=${KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration),
    });
    expect(response.status).toBe(202);
    expect(logged.some((line) => line.includes('/api/registrations?code=[REDACTED]'))).toBe(true);
    expect(logged.filter((line) => line.includes(KEY))).toEqual([]);
  });

  it('redacts code, sig and x-functions-key wherever they appear in a line', () => {
    expect(redactSecrets(`POST /api/bpm?x=1&code=${KEY}&y=2`)).toBe('POST /api/bpm?x=1&code=[REDACTED]&y=2');
    expect(redactSecrets(`GET https://a.blob.core.windows.net/c?sv=1&sig=abc%2B`)).toBe(
      'GET https://a.blob.core.windows.net/c?sv=1&sig=[REDACTED]',
    );
    expect(redactSecrets(`{"x-functions-key":"${KEY}"}`)).toBe('{"x-functions-key":"[REDACTED]"}');
    expect(redactSecrets(`x-functions-key: ${KEY}`)).toBe('x-functions-key: [REDACTED]');
  });
});

describe('failure 10: connection handling', () => {
  it('401: answers without reading the body and closes the connection', async () => {
    const local = await start();
    const reply = await exchange(
      local.url,
      'POST /api/registrations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n[{',
    );
    expect(reply.text).toMatch(/^HTTP\/1\.1 401/);
    expect(reply.text.toLowerCase()).toContain('connection: close');
    expect(reply.closedByServer).toBe(true);
  });

  it('413: a declared oversized body is refused, not read, and the connection closed', async () => {
    const local = await start({ PULSELAKE_MAX_BODY_BYTES: '1000' });
    const reply = await exchange(
      local.url,
      `POST /api/registrations HTTP/1.1\r\nHost: x\r\nx-functions-key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n[`,
    );
    expect(reply.text).toMatch(/^HTTP\/1\.1 413/);
    expect(reply.closedByServer).toBe(true);
  });

  it('closes a connection whose headers do not arrive within the request timeout', async () => {
    const local = await start({ PULSELAKE_SERVE_REQUEST_TIMEOUT_SECONDS: '1' });
    const reply = await exchange(local.url, 'POST /api/registrations HTTP/1.1\r\nHost: x\r\n', 8000);
    expect(reply.closedByServer).toBe(true);
    expect(reply.ms).toBeLessThan(4000);
  });

  it('refuses connections past the cap', async () => {
    const local = await start({ PULSELAKE_SERVE_MAX_CONNECTIONS: '2' });
    const { hostname, port } = new URL(local.url);
    const open = await Promise.all(
      [1, 2].map(
        () =>
          new Promise<net.Socket>((resolve) => {
            const s = net.connect({ host: hostname, port: Number(port) }, () => resolve(s));
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    const third = await exchange(local.url, 'GET /api/registrations HTTP/1.1\r\nHost: x\r\n\r\n', 3000);
    expect(third.closedByServer).toBe(true);
    expect(third.text).toBe('');
    for (const s of open) s.destroy();
  });

  it('lists no routes to an unauthenticated caller and echoes no request header', async () => {
    const local = await start();
    const notFound = await fetch(`${local.url}/api/nothing-here`, { method: 'POST' });
    expect(notFound.status).toBe(404);
    const text = await notFound.text();
    expect(text).not.toMatch(/registrations|gym-visits|nothing-here/);

    const marker = 'application/x-marker-<script>';
    const wrongType = await fetch(`${local.url}/api/registrations`, {
      method: 'POST',
      headers: { 'content-type': marker, 'x-functions-key': KEY },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.text()).not.toContain('marker');
  });
});
