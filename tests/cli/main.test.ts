/**
 * The `pulselake` executable as a user runs it (bin/pulselake.js on the build): help, version
 * and the one-line message for a busy port.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared/config/paths.js';

const BIN = path.join(REPO_ROOT, 'bin', 'pulselake.js');

function pulselake(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
}

describe('pulselake', () => {
  it('--help lists every verb, demo included', () => {
    const result = pulselake('--help');
    expect(result.status).toBe(0);
    for (const verb of ['ingest', 'serve', 'run', 'export', 'status', 'simulate', 'report', 'demo', 'refresh-gold'])
      expect(result.stdout).toMatch(new RegExp(`^\\s+${verb}\\b`, 'm'));
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = pulselake('--version');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  describe('on a busy port', () => {
    const blocker = net.createServer();
    let port: number;
    beforeAll(async () => {
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      port = (blocker.address() as net.AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    it.each([['serve'], ['demo']])('%s prints one line naming the port and exits non-zero', (verb) => {
      const result = spawnSync(process.execPath, [BIN, verb, '--port', String(port)], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, PULSELAKE_HOME: path.join(REPO_ROOT, 'test-results', `busy-port-${verb}`) },
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr.trim()).toBe(`port ${port} is in use: pass --port`);
    });
  });
});
