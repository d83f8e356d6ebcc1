/**
 * The HTTP ingestion core shared by every feed endpoint, free of the Functions framework:
 * method and content-type checks, size limits before parsing, validation, quarantine of the
 * rejected records, then hand-off of the accepted ones (landing, or Event Hubs for BPM). A
 * 2xx answer is only given after both writes succeeded; a failed write gives 503 and
 * acknowledges nothing (the client retries; names are idempotent).
 */
import { ConfigError } from '../config/settings.js';
import type { FeedName } from '../feeds/registry.js';
import type { FeedRecordMap } from '../feeds/generated/types.js';
import { validateBatch, type RejectedRecord } from '../validation/validator.js';
import { withinDeadline } from '../landing/deadline.js';
import { isJsonContentType } from './contentType.js';
import { parseRecords } from './parseRecords.js';
import { declaresTooLarge, readBodyWithin } from './readBody.js';

/** Contract limit on records per request (semantics §1, issue 2). */
export const MAX_RECORDS_PER_REQUEST = 10_000;

/**
 * Budget of the reasons in one response: past it, further rejected records are still listed by
 * index, with one line pointing at the quarantine (which keeps every reason).
 */
export const MAX_RESPONSE_REASON_CHARS = 256 * 1024;
export const REASONS_OMITTED = 'reasons omitted: see quarantine';

/** What the core needs of a request; `@azure/functions`' HttpRequest fits as is. */
export interface IngestRequest {
  readonly method: string;
  readonly headers: { get(name: string): string | null };
  readonly body: AsyncIterable<Uint8Array> | null;
}

/** Maps onto `HttpResponseInit` (`status`, `jsonBody`, `headers`). */
export interface IngestResponse {
  status: number;
  jsonBody: IngestSummary | { error: string };
  headers?: Record<string, string>;
}

export interface IngestSummary {
  accepted: number;
  rejected: { index: number; errors: string[] }[];
}

export interface IngestLog {
  error(...args: unknown[]): void;
}

export interface IngestTarget<F extends FeedName> {
  feed: F;
  maxBodyBytes: number;
  maxRecords?: number;
  /** Durably stores (or publishes) the valid records; rejects when it could not. */
  accept(records: FeedRecordMap[F][]): Promise<unknown>;
  /** Durably stores the rejected records with their reasons; rejects when it could not. */
  quarantine(rejected: RejectedRecord[]): Promise<unknown>;
  /** Overall deadline of both writes; past it the answer is 503 (PULSELAKE_STORAGE_DEADLINE_MS). */
  deadlineMs?: number;
  log?: IngestLog;
}

function errorResponse(status: number, error: string, headers?: Record<string, string>): IngestResponse {
  return { status, jsonBody: { error }, ...(headers ? { headers } : {}) };
}

/** The rejected records as the response lists them, within MAX_RESPONSE_REASON_CHARS of reasons. */
export function reportRejected(rejected: readonly RejectedRecord[]): IngestSummary['rejected'] {
  let budget = MAX_RESPONSE_REASON_CHARS;
  return rejected.map(({ index, errors }) => {
    const size = errors.reduce((n, e) => n + e.length + 3, 0);
    if (size > budget) {
      budget = 0;
      return { index, errors: [REASONS_OMITTED] };
    }
    budget -= size;
    return { index, errors };
  });
}

export async function handleIngest<F extends FeedName>(
  request: IngestRequest,
  target: IngestTarget<F>,
): Promise<IngestResponse> {
  if (request.method.toUpperCase() !== 'POST') {
    return errorResponse(405, `method ${request.method} not allowed: POST records`, { Allow: 'POST' });
  }
  const contentType = request.headers.get('content-type');
  if (!isJsonContentType(contentType)) {
    // The header is not echoed back: error answers never repeat what the caller sent.
    return errorResponse(415, 'Content-Type must be application/json (UTF-8)');
  }
  const tooLarge = `body larger than ${target.maxBodyBytes} bytes: split it into smaller requests`;
  if (declaresTooLarge(request.headers.get('content-length'), target.maxBodyBytes)) return errorResponse(413, tooLarge);
  const body = await readBodyWithin(request.body, target.maxBodyBytes);
  if (!body.ok) return errorResponse(413, tooLarge);

  const parsed = parseRecords(body.bytes);
  if (!parsed.ok) return errorResponse(400, parsed.error);
  const maxRecords = target.maxRecords ?? MAX_RECORDS_PER_REQUEST;
  if (parsed.records.length > maxRecords) {
    return errorResponse(413, `at most ${maxRecords} records per request, got ${parsed.records.length}`);
  }

  const { accepted, rejected } = validateBatch(target.feed, parsed.records, 0, parsed.texts);
  try {
    const store = async (): Promise<void> => {
      // Quarantine first: the caller is told about a rejected record only once its copy is safe.
      if (rejected.length > 0) await target.quarantine(rejected);
      if (accepted.length > 0) await target.accept(accepted);
    };
    await withinDeadline(store(), target.deadlineMs, `${target.feed} request`);
  } catch (error) {
    target.log?.error(`${target.feed}: storing the request failed; nothing acknowledged`, error);
    if (error instanceof ConfigError) return errorResponse(500, 'server misconfigured: see the function logs');
    return errorResponse(503, 'storage unavailable: nothing was accepted, retry later', { 'Retry-After': '5' });
  }
  const summary: IngestSummary = { accepted: accepted.length, rejected: reportRejected(rejected) };
  return { status: accepted.length > 0 ? 202 : 400, jsonBody: summary };
}
