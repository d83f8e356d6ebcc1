import { describe, expect, it } from 'vitest';
import { durationMs, retryDelayMs } from '../../../shared/localhost/retryDelay.js';

describe('retryDelayMs', () => {
  it('doubles from the minimum interval up to the maximum (exponentialBackoff)', () => {
    const policy = {
      strategy: 'exponentialBackoff',
      maxRetryCount: -1,
      minimumInterval: { seconds: 5 },
      maximumInterval: { seconds: 30 },
    } as const;
    expect([1, 2, 3, 4, 5, 50].map((n) => retryDelayMs(policy, n))).toEqual([5000, 10000, 20000, 30000, 30000, 30000]);
  });

  it('waits the same delay every time (fixedDelay)', () => {
    const policy = { strategy: 'fixedDelay', maxRetryCount: 3, delayInterval: 250 } as const;
    expect([1, 2, 3].map((n) => retryDelayMs(policy, n))).toEqual([250, 250, 250]);
  });

  it('reads Duration objects and plain milliseconds', () => {
    expect(durationMs({ hours: 1, minutes: 2, seconds: 3, milliseconds: 4 })).toBe(3_723_004);
    expect(durationMs(15)).toBe(15);
  });
});
