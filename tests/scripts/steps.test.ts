import { describe, expect, it } from 'vitest';
import { runPrefixed, runSteps } from '../../scripts/steps.mjs';

describe('runSteps (npm test)', () => {
  it('runs every step after a failure and reports each result in a summary', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const results = await runSteps(
      [
        ['lint', () => void ran.push('lint')],
        [
          'vitest',
          () => {
            ran.push('vitest');
            throw new Error('npx vitest run exited with 1');
          },
        ],
        ['pytest', () => void ran.push('pytest')],
      ],
      (line) => lines.push(line),
    );
    expect(ran).toEqual(['lint', 'vitest', 'pytest']);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const summary = lines.slice(lines.findIndex((l) => l.includes('summary')));
    expect(summary).toContain('  FAILED  vitest: npx vitest run exited with 1');
    expect(summary).toContain('  passed  pytest');
  });

  it('runs steps side by side, each with its own result, after the steps before them', async () => {
    const events: string[] = [];
    const step =
      (name: string, ms: number, fail = false) =>
      async () => {
        events.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`${name} end`);
        if (fail) throw new Error(`${name} failed`);
      };
    const results = await runSteps(
      [
        ['set-up', step('set-up', 1)],
        {
          together: [
            ['slow', step('slow', 40, true)],
            ['fast', step('fast', 1)],
          ],
        },
      ],
      () => {},
    );
    expect(events).toEqual(['set-up start', 'set-up end', 'slow start', 'fast start', 'fast end', 'slow end']);
    expect(results).toEqual([
      { name: 'set-up', ok: true },
      { name: 'slow', ok: false, reason: 'slow failed' },
      { name: 'fast', ok: true },
    ]);
  });
});

describe('runPrefixed', () => {
  it('passes every stdout and stderr line on behind the prefix and rejects on a non-zero exit', async () => {
    const lines: string[] = [];
    const script = "console.log('one'); console.error('two'); process.stdout.write('three'); process.exitCode = 3";
    await expect(
      runPrefixed(process.execPath, ['-e', script], 'p │ ', { log: (l: string) => lines.push(l) }),
    ).rejects.toThrow(/exited with 3$/);
    expect(lines.sort()).toEqual(['p │ one', 'p │ three', 'p │ two']);
  });

  it('resolves when the command exits 0', async () => {
    await expect(runPrefixed(process.execPath, ['-e', '0'], '', { log: () => {} })).resolves.toBeUndefined();
  });
});
