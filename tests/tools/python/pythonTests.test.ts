import { describe, expect, it } from 'vitest';
import { pythonTestSteps, stepOutcome } from '../../../tools/python/pythonTests.js';

describe('stepOutcome', () => {
  it('treats pytest exit code 5 (no tests collected) as a failure', () => {
    expect(stepOutcome('pytest', 5)).toEqual({ ok: false, reason: 'pytest collected no tests' });
  });

  it('passes on 0 and fails on other codes', () => {
    expect(stepOutcome('pytest', 0).ok).toBe(true);
    expect(stepOutcome('ruff', 1).ok).toBe(false);
    expect(stepOutcome('pytest', 1).ok).toBe(false);
  });
});

describe('pythonTestSteps', () => {
  it('lints, checks formatting, then runs pytest with JUnit XML', () => {
    const steps = pythonTestSteps(['-k', 'bronze']);
    expect(steps.map(([label]) => label)).toEqual(['ruff check', 'ruff format --check', 'pytest']);
    const pytestArgs = steps[2]?.[2] ?? [];
    expect(pytestArgs.some((arg) => arg.startsWith('--junitxml=') && arg.endsWith('junit-py.xml'))).toBe(true);
    expect(pytestArgs.slice(-2)).toEqual(['-k', 'bronze']);
  });

  it('asks pytest for the ten slowest tests at the end', () => {
    expect(pythonTestSteps()[2]?.[2]).toContain('--durations=10');
  });
});
