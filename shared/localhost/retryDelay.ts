/**
 * The delay before retry N of a failed invocation under an Azure Functions retry policy
 * (`fixedDelay` or `exponentialBackoff`), so the local host retries on the schedule that the
 * manifest declares for Azure.
 */
import type { Duration, RetryOptions } from '@azure/functions';

export function durationMs(value: Duration | number): number {
  if (typeof value === 'number') return value;
  return (
    (value.hours ?? 0) * 3_600_000 +
    (value.minutes ?? 0) * 60_000 +
    (value.seconds ?? 0) * 1_000 +
    (value.milliseconds ?? 0)
  );
}

/** Delay in ms before retry `retryCount` (1 = first retry): min * 2^(n-1), capped at max. */
export function retryDelayMs(policy: RetryOptions, retryCount: number): number {
  if (policy.strategy === 'fixedDelay') return durationMs(policy.delayInterval);
  const min = durationMs(policy.minimumInterval);
  const max = durationMs(policy.maximumInterval);
  const exponent = Math.min(Math.max(retryCount - 1, 0), 30);
  return Math.min(min * 2 ** exponent, max);
}
