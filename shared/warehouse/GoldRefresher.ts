/**
 * One gold refresh: run every gold SQL file on a warehouse, log the outcome, and never run
 * two refreshes at once in this process (a tick that finds one still running is skipped and
 * logged; the next tick catches up, since the gold SQL recomputes from silver). A failure is
 * logged and rethrown, so the timer invocation fails visibly; the next tick tries again.
 */
import { errorMessage, silentLogger, type StructuredLogger } from './log.js';
import { StatementFailedError, type SqlWarehouse, type StatementResult } from './SqlWarehouse.js';

export type RefreshResult =
  { outcome: 'ok'; statements: StatementResult[]; durationMs: number } | { outcome: 'skipped'; reason: string };

export interface GoldRefresherOptions {
  warehouse: SqlWarehouse;
  /** The SQL files to run, in order (read at each refresh, so new files need no restart). */
  files: () => Promise<string[]>;
  log?: StructuredLogger;
  now?: () => number;
}

export class GoldRefresher {
  private running?: { startedAt: number };

  constructor(private readonly options: GoldRefresherOptions) {}

  get warehouse(): SqlWarehouse {
    return this.options.warehouse;
  }

  isRunning(): boolean {
    return this.running !== undefined;
  }

  async refresh(runLog?: StructuredLogger): Promise<RefreshResult> {
    const log = runLog ?? this.options.log ?? silentLogger;
    const now = this.options.now ?? Date.now;
    if (this.running) {
      const reason = 'previous refresh still running';
      log({ event: 'gold-refresh', outcome: 'skipped', reason, running_for_ms: now() - this.running.startedAt });
      return { outcome: 'skipped', reason };
    }
    const run = { startedAt: now() };
    this.running = run;
    try {
      const files = await this.options.files();
      log({ event: 'gold-refresh', outcome: 'started', warehouse: this.warehouse.describe(), files: files.length });
      const statements = await this.warehouse.runFiles(files, { log });
      const durationMs = now() - run.startedAt;
      log({
        event: 'gold-refresh',
        outcome: 'ok',
        statements: statements.length,
        affected_rows: statements.reduce((sum, s) => sum + (s.affectedRows ?? 0), 0),
        duration_ms: durationMs,
      });
      return { outcome: 'ok', statements, durationMs };
    } catch (error) {
      log({
        event: 'gold-refresh',
        outcome: 'failed',
        ...(error instanceof StatementFailedError
          ? { file: error.file, statement: error.statement, kind: error.kind, completed: error.completed.length }
          : {}),
        error: errorMessage(error),
        duration_ms: now() - run.startedAt,
      });
      throw error;
    } finally {
      this.running = undefined;
    }
  }
}
