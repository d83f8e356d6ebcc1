/**
 * The two Databricks Jobs API 2.1 calls the landing path needs: start a job run
 * (`POST /api/2.1/jobs/run-now` with an `idempotency_token`, so a retried or duplicated
 * request starts at most one run) and list a job's active runs (to avoid overlapping runs).
 * Auth: a bearer token (Entra ID for the Azure Databricks resource, or a dev PAT). Throttling
 * (429) and unavailability (502/503/504, network errors) are retried with exponential
 * backoff and jitter, waiting at least what `Retry-After` asks.
 */
import { withRetries, type BackoffOptions, type RetryDecision } from '../warehouse/backoff.js';
import type { BearerTokenSource } from '../warehouse/databricksAuth.js';
import { silentLogger, type StructuredLogger } from '../warehouse/log.js';

export interface JobsApiClientOptions {
  /** `https://adb-….azuredatabricks.net` (tests: a local `http://127.0.0.1:port`). */
  baseUrl: string;
  getToken: BearerTokenSource;
  retry: BackoffOptions;
  log?: StructuredLogger;
}

export class JobsApiError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'JobsApiError';
  }
}

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);

/** `Retry-After` in seconds (the form Databricks sends); an HTTP date is honoured too. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds * 1000 : undefined;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function decide(error: unknown): RetryDecision {
  if (error instanceof JobsApiError) {
    return { retry: TRANSIENT_STATUS.has(error.status), minDelayMs: error.retryAfterMs };
  }
  // fetch rejects with a TypeError on network failures (refused, reset, DNS).
  return { retry: error instanceof TypeError };
}

export class JobsApiClient {
  private readonly log: StructuredLogger;

  constructor(private readonly options: JobsApiClientOptions) {
    this.log = options.log ?? silentLogger;
  }

  /** Starts a run, or returns the run already started with this idempotency token. */
  async runNow(jobId: number, idempotencyToken: string): Promise<{ runId: number }> {
    const body = await this.call<{ run_id: number }>('POST', '/api/2.1/jobs/run-now', {
      job_id: jobId,
      idempotency_token: idempotencyToken,
    });
    return { runId: body.run_id };
  }

  /** Ids of the job's runs that are queued, pending or running. */
  async activeRunIds(jobId: number): Promise<number[]> {
    const query = new URLSearchParams({ job_id: String(jobId), active_only: 'true' });
    const body = await this.call<{ runs?: { run_id: number }[] }>('GET', `/api/2.1/jobs/runs/list?${query}`);
    return (body.runs ?? []).map((run) => run.run_id);
  }

  private call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    return withRetries(
      async () => {
        const response = await fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${await this.options.getToken()}`,
            'Content-Type': 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        if (!response.ok) {
          throw new JobsApiError(
            response.status,
            parseRetryAfter(response.headers.get('Retry-After')),
            `${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`,
          );
        }
        return (text ? JSON.parse(text) : {}) as T;
      },
      decide,
      this.options.retry,
      ({ attempt, delayMs, error }) =>
        this.log({
          event: 'jobs-api',
          outcome: 'retrying',
          method,
          path: path.split('?')[0],
          attempt,
          delay_ms: delayMs,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  }
}
