import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { durationSeconds, registerRun, runArgs } from '../../cli/commands/run.js';

describe('durationSeconds', () => {
  it('reads seconds, milliseconds, minutes, hours and bare numbers', () => {
    expect(durationSeconds('10s')).toBe(10);
    expect(durationSeconds('500ms')).toBe(0.5);
    expect(durationSeconds('2m')).toBe(120);
    expect(durationSeconds('1h')).toBe(3600);
    expect(durationSeconds('2.5')).toBe(2.5);
  });

  it('rejects zero, negative and malformed durations', () => {
    for (const bad of ['0s', '-1s', '10 minutes', 's', '', '1e3'])
      expect(() => durationSeconds(bad)).toThrow(/duration/);
  });
});

describe('runArgs', () => {
  it('passes nothing for a batch run', () => {
    expect(runArgs({})).toEqual([]);
  });

  it('passes the watch options on to the Python runner, in seconds', () => {
    expect(runArgs({ watch: true })).toEqual(['--watch']);
    expect(runArgs({ watch: true, interval: 0.5, goldInterval: 60, export: 'out', json: true })).toEqual([
      '--watch',
      '--interval',
      '0.5',
      '--gold-interval',
      '60',
      '--export',
      'out',
      '--json',
    ]);
  });

  it('refuses watch options without --watch, naming them', () => {
    expect(() => runArgs({ interval: 5, goldInterval: 5 })).toThrow('--interval, --gold-interval needs --watch');
  });
});

describe('pulselake run --help and the README', () => {
  it('documents every option of the verb in the README CLI table', () => {
    const program = new Command();
    registerRun(program);
    const run = program.commands.find((c) => c.name() === 'run');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| `pulselake run'));
    const flags = run?.options.map((o) => o.long) ?? [];
    expect(flags).toEqual(['--watch', '--interval', '--gold-interval', '--export', '--json']);
    for (const flag of flags) expect(rows.join('\n')).toContain(flag);
  });
});
