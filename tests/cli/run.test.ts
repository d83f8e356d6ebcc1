import { describe, expect, it } from 'vitest';
import { durationSeconds, runArgs } from '../../cli/commands/run.js';

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
