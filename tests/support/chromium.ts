/**
 * Which Chromium the browser tests drive. playwright-core downloads no browser, so: the one
 * named by PULSELAKE_CHROMIUM, else Debian's /usr/bin/chromium when it is installed, else the
 * binary shipped inside the npm package @sparticuz/chromium (a devDependency, so `npm ci`
 * brings it), which extracts itself and its fonts to the temp folder on first use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumLaunch {
  executablePath: string;
  source: 'PULSELAKE_CHROMIUM' | 'system' | '@sparticuz/chromium';
  /** Extra environment for the browser process (fonts of the packaged build). */
  env: Record<string, string>;
}

/** Extracts the packaged Chromium (or finds it extracted) and returns its path. */
export type PackagedChromium = () => Promise<string>;

const sparticuzChromium: PackagedChromium = async () => {
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
};

/** `chromium --version` exits 0: the binary is complete and its shared libraries load. */
export function runs(executable: string): boolean {
  return spawnSync(executable, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

export async function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  systemPath: string = SYSTEM_CHROMIUM,
  packaged: PackagedChromium = sparticuzChromium,
): Promise<ChromiumLaunch> {
  const chosen = env['PULSELAKE_CHROMIUM'];
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`PULSELAKE_CHROMIUM=${chosen} does not exist`);
    return { executablePath: chosen, source: 'PULSELAKE_CHROMIUM', env: {} };
  }
  if (existsSync(systemPath)) return { executablePath: systemPath, source: 'system', env: {} };
  let executablePath = await packaged();
  if (!runs(executablePath)) {
    // The package reuses <tmp>/chromium if it exists: an extraction cut short leaves a broken one.
    rmSync(executablePath, { force: true });
    executablePath = await packaged();
    if (!runs(executablePath))
      throw new Error(`the Chromium from @sparticuz/chromium (${executablePath}) does not start`);
  }
  // The packaged build brings its own fonts (extracted to <tmp>/fonts with a fonts.conf), so
  // text renders the same on a machine without system fonts.
  return {
    executablePath,
    source: '@sparticuz/chromium',
    env: { FONTCONFIG_PATH: env['FONTCONFIG_PATH'] ?? path.join(tmpdir(), 'fonts') },
  };
}
