/**
 * An overall deadline for a piece of storage work made of several calls (a landing write is a
 * date marker, maybe a read, then the file; a request quarantines then lands): each call has its
 * own deadline in the store, this bounds their sum so that the caller answers in time. The work
 * itself is not cancelled; it may still finish later, which is harmless because landing names
 * are idempotent (a retry finds the file and reports 'exists').
 */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

export function withinDeadline<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what}: no answer from storage within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
