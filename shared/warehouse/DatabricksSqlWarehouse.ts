/**
 * Runs the gold SQL files on a Databricks SQL warehouse through `@databricks/sql` (Thrift
 * over HTTPS). One `DBSQLClient` per warehouse object (the function app keeps one per
 * process), one session per run, and per statement: a timeout (sent to the server and
 * enforced here, cancelling a statement that outlives it), retries with exponential
 * backoff and jitter on transient failures, and a structured log line.
 *
 * Retrying a statement can run it twice (an `ExecuteStatement` whose answer was lost); the
 * gold SQL files are written to be idempotent (MERGE / CREATE OR REPLACE), so that is safe.
 */
import { DBSQLClient, LogLevel } from '@databricks/sql';
import { withRetries, type BackoffOptions } from './backoff.js';
import { classifyDatabricksError } from './databricksErrors.js';
import { parseDatabricksHost, type DatabricksAuth } from './databricksAuth.js';
import { errorMessage, silentLogger, type StructuredLogger } from './log.js';
import { readSqlFiles, schemasFor, statementLabel, type SqlStatement } from './sqlFiles.js';
import {
  StatementFailedError,
  type FailureKind,
  type RunOptions,
  type SqlWarehouse,
  type StatementResult,
} from './SqlWarehouse.js';

export interface DatabricksSqlWarehouseOptions {
  /** Workspace host, e.g. `adb-123.4.azuredatabricks.net` (a port is allowed, for tests). */
  host: string;
  /** HTTP path of the SQL warehouse, e.g. `/sql/1.0/warehouses/abc123`. */
  httpPath: string;
  auth: DatabricksAuth;
  /** Unity Catalog catalog holding the `silver` and `gold` schemas. */
  catalog: string;
  /** Statement timeout in seconds: sent to the warehouse and enforced here. */
  statementTimeoutSeconds: number;
  retry: BackoffOptions;
  log?: StructuredLogger;
  /** Extra CA certificate to trust (tests: the self-signed certificate of the test server). */
  caCert?: string | Buffer;
  /** Socket timeout of the driver's HTTP calls in milliseconds (driver default 15 min). */
  socketTimeoutMs?: number;
}

type IDBSQLSession = Awaited<ReturnType<DBSQLClient['openSession']>>;
type IOperation = Awaited<ReturnType<IDBSQLSession['executeStatement']>>;
type IDBSQLLogger = NonNullable<ConstructorParameters<typeof DBSQLClient>[0]>['logger'] & object;

class StatementTimeoutError extends Error {
  constructor(seconds: number) {
    super(`statement still running after ${seconds} s; cancelled`);
    this.name = 'StatementTimeoutError';
  }
}

/** Forwards the driver's warnings and errors into our structured log, drops its chatter. */
function driverLogger(log: StructuredLogger): IDBSQLLogger {
  return {
    log(level: LogLevel, message: string) {
      if (level === LogLevel.error || level === LogLevel.warn) log({ event: 'databricks-driver', level, message });
    },
  };
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (value && typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') {
    return (value as { toNumber: () => number }).toNumber();
  }
  return null;
}

/**
 * Rows changed by a finished statement: the Thrift status field when the server sets it,
 * otherwise the `num_affected_rows` column Databricks returns for DML and CTAS.
 */
async function affectedRows(operation: IOperation): Promise<number | null> {
  const status = await operation.status();
  const fromStatus = toNumber(status.numModifiedRows);
  if (fromStatus !== null) return fromStatus;
  const rows = await operation.fetchChunk({ maxRows: 1 });
  const first = rows[0] as Record<string, unknown> | undefined;
  return first && 'num_affected_rows' in first ? toNumber(first.num_affected_rows) : null;
}

function failureKind(error: unknown): FailureKind {
  if (error instanceof StatementTimeoutError) return 'timeout';
  if (error && typeof error === 'object' && 'errorCode' in error && error.errorCode === 'TIMEOUT') return 'timeout';
  return classifyDatabricksError(error).kind === 'permanent' ? 'sql-error' : 'unavailable';
}

export class DatabricksSqlWarehouse implements SqlWarehouse {
  readonly kind = 'databricks';
  private readonly log: StructuredLogger;
  private client?: Promise<DBSQLClient>;

  constructor(private readonly options: DatabricksSqlWarehouseOptions) {
    this.log = options.log ?? silentLogger;
  }

  describe(): string {
    return `Databricks SQL ${parseDatabricksHost(this.options.host).origin}${this.options.httpPath} (catalog ${this.options.catalog}, ${this.options.auth.kind})`;
  }

  async runFiles(files: readonly string[], options: RunOptions = {}): Promise<StatementResult[]> {
    const log = options.log ?? this.log;
    const statements = await readSqlFiles(files, schemasFor(this.options.catalog));
    const client = await this.connectedClient();
    const results: StatementResult[] = [];
    let session: IDBSQLSession | undefined;
    try {
      for (const statement of statements) {
        const result = await withRetries(
          async () => {
            session ??= await this.openSession(client);
            return this.execute(session, statement, log);
          },
          (error) => {
            const { kind, retryAfterMs } = classifyDatabricksError(error);
            if (kind === 'session-expired') session = undefined; // the next attempt opens a new one
            return { retry: kind !== 'permanent', minDelayMs: retryAfterMs };
          },
          this.options.retry,
          ({ attempt, delayMs, error }) =>
            log({
              event: 'statement',
              outcome: 'retrying',
              file: statement.file,
              statement: statement.index,
              attempt,
              delay_ms: delayMs,
              error: errorMessage(error),
            }),
        ).catch((error: unknown) => {
          const kind = failureKind(error);
          log({
            event: 'statement',
            outcome: kind === 'timeout' ? 'timed-out' : 'failed',
            file: statement.file,
            statement: statement.index,
            label: statementLabel(statement.text),
            error: errorMessage(error),
          });
          throw new StatementFailedError(statement.file, statement.index, kind, results, errorMessage(error), {
            cause: error,
          });
        });
        results.push(result);
      }
      return results;
    } finally {
      await (session as IDBSQLSession | undefined)?.close().catch((error: unknown) => {
        log({ event: 'session-close-failed', error: errorMessage(error) });
      });
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await (await client).close();
  }

  /** Connecting does no network I/O; it is done once and reused by every run. */
  private connectedClient(): Promise<DBSQLClient> {
    this.client ??= this.connect().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private async connect(): Promise<DBSQLClient> {
    const { host, httpPath, auth, caCert, socketTimeoutMs } = this.options;
    const endpoint = parseDatabricksHost(host);
    const client = new DBSQLClient({ logger: driverLogger(this.log) });
    const authOptions =
      auth.kind === 'pat'
        ? { authType: 'access-token' as const, token: await auth.getToken() }
        : { authType: 'external-token' as const, getToken: auth.getToken };
    await client.connect({
      host: endpoint.hostname,
      port: endpoint.port,
      path: httpPath,
      ...authOptions,
      userAgentEntry: 'pulselake-gold-refresh',
      socketTimeout: socketTimeoutMs,
      customCaCert: caCert,
      // The driver's own retries cover idempotent calls (status polls, close); keep them
      // short so our backoff, which also covers OpenSession and ExecuteStatement, decides.
      retryMaxAttempts: 3,
      retryDelayMin: Math.min(1000, this.options.retry.baseDelayMs),
      retryDelayMax: this.options.retry.maxDelayMs,
      // Telemetry would add calls to the workspace that are no part of the refresh.
      telemetryEnabled: false,
    });
    return client;
  }

  private openSession(client: DBSQLClient): Promise<IDBSQLSession> {
    return client.openSession({
      initialCatalog: this.options.catalog,
      // SQL warehouses honour STATEMENT_TIMEOUT; `queryTimeout` below covers clusters.
      configuration: { STATEMENT_TIMEOUT: String(this.options.statementTimeoutSeconds) },
    });
  }

  private async execute(
    session: IDBSQLSession,
    statement: SqlStatement,
    log: StructuredLogger,
  ): Promise<StatementResult> {
    const started = performance.now();
    const timeoutSeconds = this.options.statementTimeoutSeconds;
    const operation = await session.executeStatement(statement.text, {
      queryTimeout: timeoutSeconds,
      useCloudFetch: false,
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const finished = operation.finished();
      // After a cancel the poll loop still settles this promise; never leave it unhandled.
      finished.catch(() => undefined);
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StatementTimeoutError(timeoutSeconds)), timeoutSeconds * 1000);
      });
      try {
        await Promise.race([finished, timedOut]);
      } catch (error) {
        if (error instanceof StatementTimeoutError) {
          await operation.cancel().catch((cancelError: unknown) => {
            log({
              event: 'cancel-failed',
              file: statement.file,
              statement: statement.index,
              error: errorMessage(cancelError),
            });
          });
        }
        throw error;
      }
      const rows = await affectedRows(operation);
      const result: StatementResult = {
        file: statement.file,
        statement: statement.index,
        durationMs: Math.round(performance.now() - started),
        affectedRows: rows,
      };
      log({
        event: 'statement',
        outcome: 'ok',
        file: result.file,
        statement: result.statement,
        label: statementLabel(statement.text),
        duration_ms: result.durationMs,
        affected_rows: result.affectedRows,
      });
      return result;
    } finally {
      clearTimeout(timer);
      await operation.close().catch(() => undefined);
    }
  }
}
