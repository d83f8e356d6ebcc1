import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerIngest } from '../../cli/commands/ingest.js';

async function runIngest(args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const program = new Command().exitOverride();
  registerIngest(program);
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'pulselake', 'ingest', ...args]);
    return {
      out: log.mock.calls.map((c) => c.join(' ')).join('\n'),
      err: error.mock.calls.map((c) => c.join(' ')).join('\n'),
      exitCode: Number(process.exitCode ?? 0),
    };
  } finally {
    process.exitCode = 0;
    log.mockRestore();
    error.mockRestore();
  }
}

describe('pulselake ingest', () => {
  let home: string;

  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-cli-ingest-'));
    vi.stubEnv('PULSELAKE_HOME', home);
    vi.stubEnv('PULSELAKE_STORAGE', 'fs');
    vi.stubEnv('PULSELAKE_LANDING_GZIP', 'false');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(home, { recursive: true, force: true });
  });

  it('lands into $PULSELAKE_HOME/landing and ends with the per-feed table; exit 0 with rejects', async () => {
    const file = path.join(home, 'gym.csv');
    await writeFile(file, 'mac_address,gym,login,logout\naa:bb:cc:dd:ee:ff,5,1678521600,1678521700\nzz,5,1,2\n');

    const { out, exitCode } = await runIngest([file]);

    expect(exitCode).toBe(0);
    expect(out).toMatch(/^feed\s+accepted\s+rejected/m);
    expect(out).toMatch(/^gym_visit\s+1\s+1\s+2\s+0$/m);
    expect(out).toMatch(/1 rejected records were quarantined/);
    expect(await readdir(path.join(home, 'landing'))).toEqual(expect.arrayContaining(['gym_visit', 'quarantine']));
  });

  it('exits non-zero with a message naming the file that cannot be parsed', async () => {
    const file = path.join(home, 'broken.json');
    await writeFile(file, 'not json at all\n');

    const { out, err, exitCode } = await runIngest([file]);

    expect(exitCode).toBe(1);
    expect(out).toContain(`FAILED  ${file}: not valid JSON lines: line 1`);
    expect(err).toMatch(/could not be read or parsed/);
  });
});
