/**
 * `pulselake serve` as users start it: the built CLI (dist/, which runs the host in a worker thread), stopped
 * by SIGTERM. (`npm test` builds dist/ first; after changing the code run `npm run build` before this file.)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostError } from '../../cli/commands/serve.js';
import { describeFailure } from '../../cli/failure.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'pulselake.js');

describe('pulselake serve', () => {
  let home: string;

  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-cli-serve-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('prints its URL and routes, serves, and on SIGTERM lands pending readings and stops (exit 0)', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      env: { ...process.env, PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs', PULSELAKE_FUNCTION_KEY: 'k' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    const url = await new Promise<string>((resolve, reject) => {
      const poll = setInterval(() => {
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match && output.includes('function key')) {
          clearInterval(poll);
          resolve(match[1] as string);
        }
      }, 20);
      void closed.then(() => {
        clearInterval(poll);
        reject(new Error(`serve ended before listening: ${output}`));
      });
    });
    expect(output).toContain(`${url}/api/bpm`);
    expect(output).toContain('function key required');

    const response = await fetch(`${url}/api/bpm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-functions-key': 'k' },
      body: JSON.stringify({ device_id: 3, time: 1678521600, heartrate: 72 }),
    });
    expect(response.status).toBe(202);

    child.kill('SIGTERM');
    const [code] = await closed;
    expect(output).toMatch(/SIGTERM: finishing requests/);
    expect(output).toMatch(/PulseLake local host stopped/);
    expect(code).toBe(0);
    expect(await readdir(path.join(home, 'landing'))).toContain('bpm');
  }, 30_000);
});

describe('hostError: a failure reported by the host worker, as the CLI reports it', () => {
  it('keeps a busy port one line naming the port', () => {
    const error = hostError({ type: 'failed', message: 'listen EADDRINUSE', code: 'EADDRINUSE', port: 7071 });
    expect(describeFailure(error)).toEqual({ message: 'port 7071 is in use: pass --port', exitCode: 1 });
  });

  it('keeps a setting error a ConfigError (its own exit code, no stack trace)', () => {
    const error = hostError({
      type: 'failed',
      message: 'setting PULSELAKE_STORAGE: must be fs or blob',
      setting: 'PULSELAKE_STORAGE',
      reason: 'must be fs or blob',
    });
    expect(describeFailure(error)).toEqual({
      message: 'pulselake: setting PULSELAKE_STORAGE: must be fs or blob',
      exitCode: 78,
    });
  });

  it("gives any other error the worker's stack trace", () => {
    const error = hostError({ type: 'failed', message: 'boom', stack: 'Error: boom\n    at serveHost.js:1' });
    expect(describeFailure(error).message).toBe('pulselake: Error: boom\n    at serveHost.js:1');
  });
});
