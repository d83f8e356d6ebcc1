/**
 * The gold refresh timer function end to end: its handler, with the real `@databricks/sql`
 * driver, against the local Thrift test warehouse. Covers the tick-level behaviour: a
 * successful run logged per statement, a permanent SQL error failing the invocation and
 * the next tick retrying, a statement timeout cancelling the statement, and an overlapping
 * tick skipped. (The schedule: tests/shared/functions/services.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvocationContext, type Timer } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldRefreshTimerHandler } from '../../../shared/functions/goldRefreshTimer.js';
import { DatabricksSqlWarehouse } from '../../../shared/warehouse/DatabricksSqlWarehouse.js';
import { patAuth } from '../../../shared/warehouse/databricksAuth.js';
import { GoldRefresher } from '../../../shared/warehouse/GoldRefresher.js';
import { listSqlFiles } from '../../../shared/warehouse/sqlFiles.js';
import { ThriftTestWarehouse } from '../../support/thrift/ThriftTestWarehouse.js';

let server: ThriftTestWarehouse;
let sqlDir: string;

beforeAll(async () => {
  server = await ThriftTestWarehouse.start();
  sqlDir = mkdtempSync(path.join(tmpdir(), 'pulselake-gold-timer-'));
  writeFileSync(
    path.join(sqlDir, '01_workout.sql'),
    'MERGE INTO ${gold}.workout_bpm_summary USING ${silver}.workout_bpm;\n',
  );
  writeFileSync(path.join(sqlDir, '02_gym.sql'), 'MERGE INTO ${gold}.gym_summary USING ${silver}.gym_logs;\n');
});

afterAll(async () => {
  await server.stop();
  rmSync(sqlDir, { recursive: true, force: true });
});

function refresher(statementTimeoutSeconds = 30): GoldRefresher {
  return new GoldRefresher({
    warehouse: new DatabricksSqlWarehouse({
      host: server.host,
      httpPath: server.httpPath,
      auth: patAuth('dapi-test'),
      catalog: 'lake',
      statementTimeoutSeconds,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
      caCert: server.caCert,
    }),
    files: () => listSqlFiles(sqlDir),
  });
}

interface Captured {
  level: 'log' | 'warn' | 'error';
  entry: Record<string, unknown>;
}

function invocation(): { context: InvocationContext; lines: Captured[] } {
  const lines: Captured[] = [];
  const context = new InvocationContext({
    invocationId: 'test',
    functionName: 'goldRefreshTimer',
    logHandler: (level, ...args) => {
      const text = String(args[0]);
      if (!text.startsWith('{')) return;
      const mapped = level === 'warning' ? 'warn' : level === 'error' ? 'error' : 'log';
      lines.push({ level: mapped, entry: JSON.parse(text) as Record<string, unknown> });
    },
  });
  return { context, lines };
}

const tick: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: true },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
};

describe('goldRefreshTimer', () => {
  it('runs every gold statement and logs statement, duration, affected rows and outcome', async () => {
    const mark = server.statements.length;
    server.onStatement(/gym_summary/, { kind: 'ok', affectedRows: 3 }, 1);
    const { context, lines } = invocation();
    const r = refresher();
    await goldRefreshTimerHandler(r)(tick, context);
    await r.warehouse.close();

    expect(server.statements.slice(mark).map((s) => s.text)).toEqual([
      'MERGE INTO lake.gold.workout_bpm_summary USING lake.silver.workout_bpm',
      'MERGE INTO lake.gold.gym_summary USING lake.silver.gym_logs',
    ]);
    const statements = lines.filter((l) => l.entry.event === 'statement').map((l) => l.entry);
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatchObject({ file: '02_gym.sql', statement: 1, outcome: 'ok', affected_rows: 3 });
    expect(statements.every((s) => typeof s.duration_ms === 'number')).toBe(true);
    expect(statements.map((s) => s.label)).toEqual([
      'MERGE INTO lake.gold.workout_bpm_summary',
      'MERGE INTO lake.gold.gym_summary',
    ]);
    expect(lines.at(-1)?.entry).toMatchObject({
      event: 'gold-refresh',
      outcome: 'ok',
      statements: 2,
      affected_rows: 3,
    });
  });

  it('fails the invocation on a permanent SQL error, and the next tick runs again', async () => {
    const r = refresher();
    const handler = goldRefreshTimerHandler(r);
    server.onStatement(/workout_bpm_summary/, { kind: 'error', message: '[UNRESOLVED_COLUMN] start_time' }, 1);
    const first = invocation();
    await expect(handler(tick, first.context)).rejects.toThrow(/UNRESOLVED_COLUMN/);
    expect(first.lines.find((l) => l.entry.event === 'gold-refresh' && l.entry.outcome === 'failed')).toMatchObject({
      level: 'error',
      entry: { file: '01_workout.sql', statement: 1, kind: 'sql-error' },
    });

    const mark = server.statements.length;
    const second = invocation();
    await handler(tick, second.context);
    expect(server.statements.slice(mark)).toHaveLength(2);
    expect(second.lines.at(-1)?.entry.outcome).toBe('ok');
    await r.warehouse.close();
  });

  it('cancels a statement that outlives the timeout and fails the tick', async () => {
    const cancels = server.cancelled.length;
    server.onStatement(/workout_bpm_summary/, { kind: 'hang' }, 1);
    const r = refresher(0.4);
    const { context, lines } = invocation();
    await expect(goldRefreshTimerHandler(r)(tick, context)).rejects.toThrow(/timeout/);
    expect(server.cancelled.length - cancels).toBe(1);
    expect(lines.some((l) => l.entry.outcome === 'timed-out' && l.level === 'error')).toBe(true);
    await r.warehouse.close();
  });

  it('skips a tick while the previous refresh is still running, and logs it', async () => {
    const mark = server.statements.length;
    server.onStatement(/workout_bpm_summary/, { kind: 'ok', polls: 5 }, 1);
    const r = refresher();
    const handler = goldRefreshTimerHandler(r);
    const first = invocation();
    const running = handler(tick, first.context);
    await expect.poll(() => r.isRunning()).toBe(true);

    const second = invocation();
    await handler(tick, second.context);
    expect(second.lines.map((l) => l.entry)).toEqual([
      expect.objectContaining({ event: 'gold-refresh', outcome: 'skipped', reason: 'previous refresh still running' }),
    ]);
    expect(second.lines[0]?.level).toBe('warn');

    await running;
    // Only the first tick's two statements reached the warehouse.
    expect(server.statements.slice(mark)).toHaveLength(2);
    expect(r.isRunning()).toBe(false);
    await r.warehouse.close();
  });
});
