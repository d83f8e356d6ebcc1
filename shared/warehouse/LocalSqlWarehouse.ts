/**
 * Runs the gold SQL files on the local Spark + Delta warehouse under PULSELAKE_HOME, through
 * the Python entry's `run-sql` verb (one JSON line per statement on stdout:
 * {file, statement, label, duration_ms, affected_rows}). Same files, same substitution rule
 * (`${silver}` -> `silver` locally), so what `npx pulselake refresh-gold` does here is what the
 * timer does on Databricks.
 */
import path from 'node:path';
import { runLakehouse, type RunLakehouseOptions } from '../python/pythonEnv.js';
import { silentLogger, type StructuredLogger } from './log.js';
import { StatementFailedError, type RunOptions, type SqlWarehouse, type StatementResult } from './SqlWarehouse.js';

export type LakehouseRunner = (verb: 'run-sql', args: string[], options: RunLakehouseOptions) => Promise<number>;

export interface LocalSqlWarehouseOptions {
  /** PULSELAKE_HOME. */
  home: string;
  log?: StructuredLogger;
  /** The Python entry; tests may pass another process runner. */
  runner?: LakehouseRunner;
}

interface RunSqlLine {
  file: string;
  label?: string;
  duration_ms: number | null;
  affected_rows: number | null;
}

function parseLine(line: string): RunSqlLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as Partial<RunSqlLine>;
    return typeof value.file === 'string' ? (value as RunSqlLine) : undefined;
  } catch {
    return undefined;
  }
}

export class LocalSqlWarehouse implements SqlWarehouse {
  readonly kind = 'local';
  private readonly runner: LakehouseRunner;

  constructor(private readonly options: LocalSqlWarehouseOptions) {
    this.runner = options.runner ?? runLakehouse;
  }

  describe(): string {
    return `local Spark warehouse ${path.resolve(this.options.home, 'warehouse')}`;
  }

  async runFiles(files: readonly string[], options: RunOptions = {}): Promise<StatementResult[]> {
    const log = options.log ?? this.options.log ?? silentLogger;
    const results: StatementResult[] = [];
    const perFile = new Map<string, number>();
    const stderrTail: string[] = [];
    const code = await this.runner('run-sql', [...files], {
      home: this.options.home,
      onLine: (line) => {
        const parsed = parseLine(line);
        if (!parsed) return;
        const file = path.basename(parsed.file);
        const statement = (perFile.get(file) ?? 0) + 1;
        perFile.set(file, statement);
        const result = { file, statement, durationMs: parsed.duration_ms ?? 0, affectedRows: parsed.affected_rows };
        results.push(result);
        log({
          event: 'statement',
          outcome: 'ok',
          file,
          statement,
          label: parsed.label,
          duration_ms: result.durationMs,
          affected_rows: result.affectedRows,
        });
      },
      // Spark's own logging: keep the end of it for the error message.
      onErrorLine: (line) => {
        stderrTail.push(line);
        if (stderrTail.length > 20) stderrTail.shift();
      },
    });
    if (code !== 0) {
      const last = results.at(-1);
      const failedFile = last ? last.file : path.basename(files[0] ?? '?');
      const reason = `run-sql exited with ${code}: ${stderrTail.join('\n')}`;
      log({ event: 'statement', outcome: 'failed', file: failedFile, error: reason });
      throw new StatementFailedError(failedFile, last ? last.statement + 1 : 1, 'sql-error', results, reason);
    }
    return results;
  }

  async close(): Promise<void> {
    // Each run is its own Python process; nothing stays open.
  }
}
