/**
 * A SQL warehouse that runs the gold SQL files: Databricks SQL (`DatabricksSqlWarehouse`)
 * in Azure, Spark + Delta on this machine (`LocalSqlWarehouse`). Both take the same files
 * and report one result per statement, so the gold refresh does not care where it runs.
 */
import type { StructuredLogger } from './log.js';

export interface StatementResult {
  /** SQL file name (no folder). */
  file: string;
  /** 1-based position of the statement in its file. */
  statement: number;
  durationMs: number;
  /** Rows the statement inserted, updated or deleted, when the warehouse reports it. */
  affectedRows: number | null;
}

export interface RunOptions {
  /** Where this run's structured log lines go (the invocation's log in a function). */
  log?: StructuredLogger;
}

export interface SqlWarehouse {
  /** `databricks` or `local`, for logs. */
  readonly kind: string;
  /** Where it runs (host and path, or the local lake folder), for logs; never a secret. */
  describe(): string;
  /**
   * Runs every statement of `files` in order and returns their results. Stops at the first
   * statement that fails for good and throws a `StatementFailedError`.
   */
  runFiles(files: readonly string[], options?: RunOptions): Promise<StatementResult[]>;
  /** Releases connections; the warehouse may not be used afterwards. */
  close(): Promise<void>;
}

export type FailureKind = 'sql-error' | 'timeout' | 'unavailable';

/** A statement that failed after retries; `completed` holds the statements that ran before it. */
export class StatementFailedError extends Error {
  constructor(
    readonly file: string,
    readonly statement: number,
    readonly kind: FailureKind,
    readonly completed: StatementResult[],
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file} statement ${statement} failed (${kind}): ${reason}`, options);
    this.name = 'StatementFailedError';
  }
}
