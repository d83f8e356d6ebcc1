/**
 * Retry with exponential backoff and full jitter, for calls to remote services that fail
 * transiently (a SQL warehouse that is starting, 429 throttling, a dropped session).
 * The caller decides what is transient; this module only decides when to try again.
 */
export interface BackoffOptions {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Delay cap before jitter for attempt n is min(maxDelayMs, baseDelayMs * 2^(n-1)). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected for tests; defaults to Math.random and a real timer. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RetryDecision {
  retry: boolean;
  /** A server-requested minimum wait (Retry-After), in milliseconds. */
  minDelayMs?: number;
}

export interface RetryNotice {
  attempt: number;
  delayMs: number;
  error: unknown;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: a uniform delay in [0, cap), so many clients retrying at once spread out. */
export function backoffDelay(attempt: number, options: BackoffOptions, minDelayMs = 0): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor((options.random ?? Math.random)() * cap);
  return Math.max(jittered, minDelayMs);
}

/**
 * Runs `call` until it succeeds, `decide` says an error is not worth retrying, or the
 * attempts are used up; the last error is rethrown unchanged.
 */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  decide: (error: unknown) => RetryDecision,
  options: BackoffOptions,
  onRetry?: (notice: RetryNotice) => void,
): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call(attempt);
    } catch (error) {
      const decision = decide(error);
      if (!decision.retry || attempt >= options.maxAttempts) throw error;
      const delayMs = backoffDelay(attempt, options, decision.minDelayMs);
      onRetry?.({ attempt, delayMs, error });
      await wait(delayMs);
    }
  }
}
