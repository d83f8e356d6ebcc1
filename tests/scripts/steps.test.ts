import { describe, expect, it } from 'vitest';
import { runSteps } from '../../scripts/steps.mjs';

describe('runSteps (npm test)', () => {
  it('runs every step after a failure and reports each result in a summary', () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const results = runSteps(
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
});
