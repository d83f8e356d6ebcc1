import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerPlatform } from '../../cli/commands/platform.js';
import { REPO_ROOT } from '../../shared/config/paths.js';

async function runPlatform(args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const program = new Command().exitOverride();
  registerPlatform(program);
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'pulselake', 'platform', ...args]);
    return {
      out: write.mock.calls.map((c) => String(c[0])).join(''),
      err: error.mock.calls.map((c) => c.join(' ')).join('\n'),
      exitCode: Number(process.exitCode ?? 0),
    };
  } finally {
    process.exitCode = 0;
    write.mockRestore();
    error.mockRestore();
  }
}

describe('pulselake platform', () => {
  it('sql prints what the setup job runs (the committed file of the target catalog)', async () => {
    const { out, exitCode } = await runPlatform(['sql', '--target', 'prod']);
    expect(exitCode).toBe(0);
    expect(out).toBe(readFileSync(path.join(REPO_ROOT, 'databricks', 'uc', 'generated', 'pulselake.sql'), 'utf8'));
  });

  it('sql --bootstrap prints only the external locations and the catalog', async () => {
    const { out } = await runPlatform(['sql', '--bootstrap']);
    const statements = out.split('\n').filter((l) => l && !l.startsWith('--'));
    expect(statements.map((s) => s.split(' ').slice(0, 3).join(' '))).toEqual([
      'CREATE EXTERNAL LOCATION',
      'CREATE EXTERNAL LOCATION',
      'CREATE CATALOG IF',
    ]);
  });

  it('credential prints the storage credential request for the access connector', async () => {
    const id = '/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/accessConnectors/c';
    const { out } = await runPlatform(['credential', '--access-connector-id', id]);
    expect(JSON.parse(out)).toMatchObject({
      name: 'pulselake_lake',
      azure_managed_identity: { access_connector_id: id },
    });
  });

  it('an unknown target is an error naming the known ones', async () => {
    const { err, exitCode } = await runPlatform(['sql', '--target', 'staging']);
    expect(exitCode).toBe(1);
    expect(err).toMatch(/unknown target "staging".*dev, prod/);
  });
});
