/**
 * The real `@databricks/sql` driver against the local Thrift test warehouse: what reaches
 * the wire (auth, session, statements with placeholders substituted) and how failures are
 * handled (warehouse starting, expired session, SQL error, timeout).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DatabricksSqlWarehouse,
  type DatabricksSqlWarehouseOptions,
} from '../../../shared/warehouse/DatabricksSqlWarehouse.js';
import { entraAuth, patAuth } from '../../../shared/warehouse/databricksAuth.js';
import type { LogEntry } from '../../../shared/warehouse/log.js';
import { StatementFailedError } from '../../../shared/warehouse/SqlWarehouse.js';
import { ThriftTestWarehouse } from '../../support/thrift/ThriftTestWarehouse.js';

let server: ThriftTestWarehouse;
let dir: string;
let files: string[];
let logs: LogEntry[];
let warehouse: DatabricksSqlWarehouse | undefined;

beforeAll(async () => {
  server = await ThriftTestWarehouse.start();
  dir = mkdtempSync(path.join(tmpdir(), 'pulselake-gold-sql-'));
  writeFileSync(
    path.join(dir, '01_workout_bpm_summary.sql'),
    '-- summary per workout\nCREATE TABLE IF NOT EXISTS ${gold}.workout_bpm_summary (workout_id INT);\n' +
      'MERGE INTO ${gold}.workout_bpm_summary t USING ${silver}.workout_bpm s ON t.workout_id = s.workout_id\n' +
      'WHEN NOT MATCHED THEN INSERT *;\n',
  );
  writeFileSync(
    path.join(dir, '02_gym_summary.sql'),
    'INSERT OVERWRITE ${gold}.gym_summary SELECT * FROM ${silver}.gym_logs;\n',
  );
  files = [path.join(dir, '01_workout_bpm_summary.sql'), path.join(dir, '02_gym_summary.sql')];
});

afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  logs = [];
});

afterEach(async () => {
  await warehouse?.close();
  warehouse = undefined;
});

function makeWarehouse(overrides: Partial<DatabricksSqlWarehouseOptions> = {}): DatabricksSqlWarehouse {
  warehouse = new DatabricksSqlWarehouse({
    host: server.host,
    httpPath: server.httpPath,
    auth: patAuth('dapi-dev-token'),
    catalog: 'pulselake',
    statementTimeoutSeconds: 30,
    retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 },
    caCert: server.caCert,
    log: (entry) => logs.push(entry),
    ...overrides,
  });
  return warehouse;
}

function newRequestsSince(mark: number) {
  return server.requests.slice(mark);
}

describe('DatabricksSqlWarehouse against the Thrift test warehouse', () => {
  it('runs every statement in one session with the schemas substituted and reports affected rows', async () => {
    const mark = server.statements.length;
    const sessionsBefore = server.sessionsOpened.length;
    server.onStatement(/^MERGE INTO pulselake\.gold\.workout_bpm_summary/, { kind: 'ok', affectedRows: 7 }, 1);

    const results = await makeWarehouse().runFiles(files);

    const sent = server.statements.slice(mark);
    expect(sent.map((s) => s.text)).toEqual([
      '-- summary per workout\nCREATE TABLE IF NOT EXISTS pulselake.gold.workout_bpm_summary (workout_id INT)',
      'MERGE INTO pulselake.gold.workout_bpm_summary t USING pulselake.silver.workout_bpm s ON t.workout_id = s.workout_id\nWHEN NOT MATCHED THEN INSERT *',
      'INSERT OVERWRITE pulselake.gold.gym_summary SELECT * FROM pulselake.silver.gym_logs',
    ]);
    expect(new Set(sent.map((s) => s.sessionId)).size).toBe(1);
    expect(sent.every((s) => s.queryTimeout === 30)).toBe(true);
    const opened = server.sessionsOpened.slice(sessionsBefore);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ catalog: 'pulselake', configuration: { STATEMENT_TIMEOUT: '30' } });
    expect(server.sessionsClosed).toContain(opened[0]?.id);
    expect(results.map((r) => [r.file, r.statement, r.affectedRows])).toEqual([
      ['01_workout_bpm_summary.sql', 1, 0],
      ['01_workout_bpm_summary.sql', 2, 7],
      ['02_gym_summary.sql', 1, 0],
    ]);
    const okLogs = logs.filter((entry) => entry.event === 'statement' && entry.outcome === 'ok');
    expect(okLogs).toHaveLength(3);
    expect(okLogs[1]).toMatchObject({
      file: '01_workout_bpm_summary.sql',
      statement: 2,
      label: 'MERGE INTO pulselake.gold.workout_bpm_summary',
      affected_rows: 7,
    });
    expect(typeof okLogs[1]?.duration_ms).toBe('number');
  });

  it('sends a PAT as a Bearer token over TLS', async () => {
    const mark = server.requests.length;
    await makeWarehouse({ auth: patAuth('dapi-dev-token') }).runFiles(files.slice(1));
    const requests = newRequestsSince(mark);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.authorization === 'Bearer dapi-dev-token')).toBe(true);
  });

  it('sends the Entra ID token for the Azure Databricks resource', async () => {
    const scopes: string[] = [];
    const credential = {
      getToken: async (scope: string | string[]) => {
        scopes.push(...(Array.isArray(scope) ? scope : [scope]));
        return { token: 'entra-access-token', expiresOnTimestamp: Date.now() + 3600_000 };
      },
    };
    const mark = server.requests.length;
    await makeWarehouse({ auth: entraAuth(credential) }).runFiles(files.slice(1));
    expect(scopes[0]).toBe('2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default');
    expect(newRequestsSince(mark).every((r) => r.authorization === 'Bearer entra-access-token')).toBe(true);
  });

  it('retries while the warehouse is starting (HTTP 503) and then succeeds', async () => {
    const mark = server.requests.length;
    server.failNextHttp('OpenSession', 503, { times: 2 });
    const results = await makeWarehouse().runFiles(files.slice(1));
    expect(results).toHaveLength(1);
    const opens = newRequestsSince(mark).filter((r) => r.method === 'OpenSession');
    expect(opens.map((r) => r.httpStatus)).toEqual([503, 503, 200]);
    expect(logs.filter((entry) => entry.outcome === 'retrying')).toHaveLength(2);
  });

  it('opens a new session when the warehouse dropped the old one', async () => {
    const sessionsBefore = server.sessionsOpened.length;
    server.onStatement(/gym_summary/, { kind: 'expire-session' }, 1);
    const results = await makeWarehouse().runFiles(files.slice(1));
    expect(results).toHaveLength(1);
    expect(server.sessionsOpened.length - sessionsBefore).toBe(2);
  });

  it('fails loudly on a permanent SQL error without retrying it', async () => {
    const mark = server.statements.length;
    server.onStatement(
      /^MERGE/,
      { kind: 'error', message: '[TABLE_OR_VIEW_NOT_FOUND] silver.workout_bpm', sqlState: '42P01' },
      1,
    );
    const error = await makeWarehouse()
      .runFiles(files)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementFailedError);
    const failed = error as StatementFailedError;
    expect(failed.kind).toBe('sql-error');
    expect(failed.file).toBe('01_workout_bpm_summary.sql');
    expect(failed.statement).toBe(2);
    expect(failed.message).toContain('TABLE_OR_VIEW_NOT_FOUND');
    expect(failed.completed).toHaveLength(1);
    // The MERGE ran once and the next file never started.
    const sent = server.statements.slice(mark).map((s) => s.text);
    expect(sent.filter((text) => text.startsWith('MERGE'))).toHaveLength(1);
    expect(sent.some((text) => text.includes('gym_summary'))).toBe(false);
    expect(logs.some((entry) => entry.outcome === 'failed' && entry.statement === 2)).toBe(true);
  });

  it('cancels a statement that outlives its timeout', async () => {
    const cancelsBefore = server.cancelled.length;
    server.onStatement(/gym_summary/, { kind: 'hang' }, 1);
    const error = await makeWarehouse({ statementTimeoutSeconds: 0.5 })
      .runFiles(files.slice(1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementFailedError);
    expect((error as StatementFailedError).kind).toBe('timeout');
    expect(server.cancelled.length - cancelsBefore).toBe(1);
    expect(logs.some((entry) => entry.outcome === 'timed-out')).toBe(true);
  });
});
