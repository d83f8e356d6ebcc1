/**
 * Sorts what `@databricks/sql` throws into what the refresh should do about it. The driver
 * itself retries only idempotent Thrift calls (status polls, close); `OpenSession` and
 * `ExecuteStatement` failures reach us, and so do errors the warehouse reports as text.
 *
 * - `transient`: try again after a backoff (HTTP 429/502/503/504, `TEMPORARILY_UNAVAILABLE`,
 *   a warehouse that is still starting, a dropped connection, the driver's own retries
 *   running out);
 * - `session-expired`: open a new session, then try again;
 * - `permanent`: a SQL error or a refused credential; retrying cannot help, the run fails.
 */
export type ErrorClass = 'transient' | 'session-expired' | 'permanent';

export interface Classified {
  kind: ErrorClass;
  /** Server-requested minimum wait (Retry-After), when it sent one. */
  retryAfterMs?: number;
}

const TRANSIENT_HTTP = new Set([429, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);
const TRANSIENT_TEXT =
  /TEMPORARILY_UNAVAILABLE|warehouse is (starting|not running|stopped)|is starting|RESOURCE_EXHAUSTED/i;
const SESSION_TEXT =
  /invalid sessionhandle|session ?handle.*(not found|invalid)|SESSION_(NOT_FOUND|EXPIRED|CLOSED)|session.*(expired|has been closed)/i;

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  statusCode?: unknown;
  errorCode?: unknown;
  response?: { headers?: { get?: (name: string) => string | null }; displayMessage?: unknown; errorMessage?: unknown };
  payload?: unknown;
}

function textOf(error: ErrorShape): string {
  const parts = [error.message, error.response?.displayMessage, error.response?.errorMessage];
  return parts.filter((part) => typeof part === 'string').join(' | ');
}

function retryAfterMs(error: ErrorShape): number | undefined {
  const header = error.response?.headers?.get?.('Retry-After');
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export function classifyDatabricksError(raw: unknown): Classified {
  if (!raw || typeof raw !== 'object') return { kind: 'permanent' };
  const error = raw as ErrorShape;
  // THTTPException: a non-200 HTTP answer to a Thrift call.
  if (typeof error.statusCode === 'number') {
    if (TRANSIENT_HTTP.has(error.statusCode)) return { kind: 'transient', retryAfterMs: retryAfterMs(error) };
    return { kind: 'permanent' };
  }
  // RetryError: the driver already retried an idempotent call and gave up; its payload is
  // the last HTTP answer or network error.
  if (error.name === 'RetryError' || (typeof error.errorCode === 'string' && /EXCEEDED$/.test(error.errorCode))) {
    return { kind: 'transient' };
  }
  if (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) return { kind: 'transient' };
  const text = textOf(error);
  if (SESSION_TEXT.test(text)) return { kind: 'session-expired' };
  if (TRANSIENT_TEXT.test(text)) return { kind: 'transient' };
  if (/socket hang up|premature close|Request timed out/i.test(text)) return { kind: 'transient' };
  return { kind: 'permanent' };
}
