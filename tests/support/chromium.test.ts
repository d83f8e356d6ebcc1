import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from './chromium.js';

const unused = () => Promise.reject(new Error('the packaged Chromium must not be extracted here'));

/** A stand-in browser: a script that answers `--version` with the given exit code. */
async function fakeBrowser(exitCode: number): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'pulselake-chromium-')), 'chromium');
  await writeFile(file, `#!/bin/sh\nexit ${exitCode}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('findChromium', () => {
  it('prefers the system Chromium when it is installed', async () => {
    const system = await fakeBrowser(0);
    expect(await findChromium({}, system, unused)).toEqual({ executablePath: system, source: 'system', env: {} });
  });

  it('uses the executable inside @sparticuz/chromium on a machine without one, with its fonts', async () => {
    const packaged = await fakeBrowser(0);
    const found = await findChromium({}, '/nonexistent/chromium', () => Promise.resolve(packaged));
    expect(found).toMatchObject({ executablePath: packaged, source: '@sparticuz/chromium' });
    expect(found.env['FONTCONFIG_PATH']).toBe(path.join(tmpdir(), 'fonts'));
  });

  it('re-extracts a packaged binary that does not start (an extraction cut short)', async () => {
    const broken = await fakeBrowser(1);
    const good = await fakeBrowser(0);
    const calls: string[] = [];
    const packaged = () => {
      calls.push('extract');
      return Promise.resolve(calls.length === 1 ? broken : good);
    };
    expect((await findChromium({}, '/nonexistent/chromium', packaged)).executablePath).toBe(good);
    expect(calls).toHaveLength(2);
  });

  it('rejects a PULSELAKE_CHROMIUM that does not exist rather than silently using another browser', async () => {
    await expect(findChromium({ PULSELAKE_CHROMIUM: '/nonexistent/chrome' }, '/nonexistent', unused)).rejects.toThrow(
      /does not exist/,
    );
  });
});
