import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetries } from '../../../shared/warehouse/backoff.js';

describe('withRetries', () => {
  it('retries what is transient with growing, jittered delays, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 4) throw new Error('busy');
        return 'done';
      },
      () => ({ retry: true }),
      {
        maxAttempts: 5,
        baseDelayMs: 100,
        maxDelayMs: 250,
        random: () => 0.99,
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(result).toBe('done');
    // caps 100, 200, 250 (max), times the 0.99 jitter draw
    expect(waits).toEqual([99, 198, 247]);
  });

  it('rethrows a permanent error at once and the last error when attempts run out', async () => {
    let calls = 0;
    const permanent = withRetries(
      async () => {
        calls += 1;
        throw new Error('syntax');
      },
      () => ({ retry: false }),
      { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
    );
    await expect(permanent).rejects.toThrow('syntax');
    expect(calls).toBe(1);

    calls = 0;
    const exhausted = withRetries(
      async () => {
        calls += 1;
        throw new Error(`try ${calls}`);
      },
      () => ({ retry: true }),
      { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
    );
    await expect(exhausted).rejects.toThrow('try 3');
  });

  it('never waits less than the server asked for', () => {
    expect(backoffDelay(1, { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 }, 3000)).toBe(3000);
  });
});
