import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerServe } from '../../cli/commands/serve.js';

describe('pulselake serve', () => {
  let home: string;

  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-cli-serve-'));
    vi.stubEnv('PULSELAKE_HOME', home);
    vi.stubEnv('PULSELAKE_STORAGE', 'fs');
    vi.stubEnv('PULSELAKE_FUNCTION_KEY', 'k');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await rm(home, { recursive: true, force: true });
  });

  it('prints its URL and routes, serves, and on SIGTERM lands pending readings and stops (exit 0)', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const program = new Command().exitOverride();
    registerServe(program);
    process.exitCode = 0;

    const running = program.parseAsync(['node', 'pulselake', 'serve', '--port', '0']);
    await vi.waitFor(() => expect(lines.some((l) => l.includes('listening on'))).toBe(true));
    const url = /listening on (http:\/\/\S+)/.exec(lines.join('\n'))?.[1] as string;
    expect(lines.join('\n')).toContain(`${url}/api/bpm`);
    expect(lines.join('\n')).toContain('function key required');

    const response = await fetch(`${url}/api/bpm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-functions-key': 'k' },
      body: JSON.stringify({ device_id: 3, time: 1678521600, heartrate: 72 }),
    });
    expect(response.status).toBe(202);

    process.emit('SIGTERM', 'SIGTERM');
    await running;

    expect(lines.join('\n')).toMatch(/PulseLake local host stopped/);
    expect(Number(process.exitCode ?? 0)).toBe(0);
    expect(await readdir(path.join(home, 'landing'))).toContain('bpm');
  });
});
