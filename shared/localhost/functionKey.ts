/**
 * Function-key check of `authLevel: 'function'` endpoints, as Azure does it: the key comes in
 * the `x-functions-key` header or the `code` query parameter. Compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** True when no key is configured (open local host) or the request carries the configured key. */
export function hasFunctionKey(
  expected: string | undefined,
  headerKey: string | undefined,
  queryKey: string | null,
): boolean {
  if (!expected) return true;
  const given = headerKey ?? queryKey ?? undefined;
  if (given === undefined) return false;
  // Hashing first gives equal-length buffers, so timingSafeEqual never leaks the key length.
  return timingSafeEqual(digest(given), digest(expected));
}
