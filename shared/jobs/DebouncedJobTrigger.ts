/**
 * Starts the ingest job after new files land, at most once per debounce window and never
 * while a run of it is active (docs/job-triggering.md). Meant to be called by a timer every
 * minute or so; each call ("tick") decides:
 *
 * - no new files since the last run request -> `idle`;
 * - a run of the job is active -> `busy` (the files stay pending: that run may have listed
 *   its input before they landed, so the next tick asks again once it ends);
 * - otherwise -> `run-now` with idempotency token `pulselake-<job>-<window start>`. Every
 *   caller in the same window sends the same token, so Databricks starts one run however many
 *   instances or retries send it; the files seen before the call are then no longer pending.
 */
import { errorMessage, silentLogger, type StructuredLogger } from '../warehouse/log.js';
import type { JobsApiClient } from './JobsApiClient.js';

/** Files that landed since the last successful run request. */
export interface LandingChanges {
  /** Lists the landing zone; `commit` marks what this listing saw as handled. */
  poll(): Promise<{ newFiles: number; commit: () => void }>;
}

export type TickOutcome =
  | { outcome: 'idle' }
  | { outcome: 'busy'; activeRuns: number[]; newFiles: number }
  | { outcome: 'triggered'; runId: number; idempotencyToken: string; newFiles: number };

export interface DebouncedJobTriggerOptions {
  client: Pick<JobsApiClient, 'runNow' | 'activeRunIds'>;
  jobId: number;
  windowMs: number;
  changes: LandingChanges;
  now?: () => number;
  log?: StructuredLogger;
}

/** Same value for every call in one window: the window's start, in epoch seconds. */
export function idempotencyToken(jobId: number, at: number, windowMs: number): string {
  const windowStart = Math.floor(at / windowMs) * windowMs;
  return `pulselake-${jobId}-${Math.floor(windowStart / 1000)}`;
}

export class DebouncedJobTrigger {
  constructor(private readonly options: DebouncedJobTriggerOptions) {}

  async tick(): Promise<TickOutcome> {
    const { client, jobId, windowMs, changes } = this.options;
    const log = this.options.log ?? silentLogger;
    const now = this.options.now ?? Date.now;
    const pending = await changes.poll();
    if (pending.newFiles === 0) return { outcome: 'idle' };
    const activeRuns = await client.activeRunIds(jobId);
    if (activeRuns.length > 0) {
      log({
        event: 'job-trigger',
        outcome: 'busy',
        job_id: jobId,
        active_runs: activeRuns,
        new_files: pending.newFiles,
      });
      return { outcome: 'busy', activeRuns, newFiles: pending.newFiles };
    }
    const token = idempotencyToken(jobId, now(), windowMs);
    try {
      const { runId } = await client.runNow(jobId, token);
      pending.commit();
      log({
        event: 'job-trigger',
        outcome: 'triggered',
        job_id: jobId,
        run_id: runId,
        token,
        new_files: pending.newFiles,
      });
      return { outcome: 'triggered', runId, idempotencyToken: token, newFiles: pending.newFiles };
    } catch (error) {
      log({ event: 'job-trigger', outcome: 'failed', job_id: jobId, token, error: errorMessage(error) });
      throw error;
    }
  }
}
