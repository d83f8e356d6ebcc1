/**
 * How the local warehouse reads the Python `run-sql` output. The runner here is a stand-in
 * that prints what the Python entry prints; the real entry runs in the end-to-end pipeline.
 */
import { describe, expect, it } from 'vitest';
import { LocalSqlWarehouse, type LakehouseRunner } from '../../../shared/warehouse/LocalSqlWarehouse.js';
import { StatementFailedError } from '../../../shared/warehouse/SqlWarehouse.js';

function printing(lines: string[], errLines: string[] = [], code = 0): LakehouseRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const runner = async (verb: string, args: string[], options: Parameters<LakehouseRunner>[2]) => {
    calls.push([verb, ...args]);
    for (const line of lines) options.onLine?.(line);
    for (const line of errLines) options.onErrorLine?.(line);
    return code;
  };
  return Object.assign(runner, { calls });
}

describe('LocalSqlWarehouse', () => {
  it('passes the files to run-sql and numbers the statements per file', async () => {
    const runner = printing([
      'progress line that is not JSON',
      JSON.stringify({ file: '/x/10_a.sql', statement: 'CREATE TABLE …', duration_ms: 12, affected_rows: null }),
      JSON.stringify({ file: '/x/10_a.sql', statement: 'MERGE …', duration_ms: 30, affected_rows: 4 }),
      JSON.stringify({ file: '/x/20_b.sql', statement: 'MERGE …', duration_ms: 8, affected_rows: 0 }),
    ]);
    const results = await new LocalSqlWarehouse({ home: '/tmp/lake', runner }).runFiles(['/x/10_a.sql', '/x/20_b.sql']);
    expect(runner.calls).toEqual([['run-sql', '/x/10_a.sql', '/x/20_b.sql']]);
    expect(results).toEqual([
      { file: '10_a.sql', statement: 1, durationMs: 12, affectedRows: null },
      { file: '10_a.sql', statement: 2, durationMs: 30, affectedRows: 4 },
      { file: '20_b.sql', statement: 1, durationMs: 8, affectedRows: 0 },
    ]);
  });

  it('turns a failed run-sql into a StatementFailedError with the end of its stderr', async () => {
    const runner = printing(
      [JSON.stringify({ file: '/x/10_a.sql', statement: 'CREATE …', duration_ms: 1, affected_rows: null })],
      ['pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] silver.workout_bpm'],
      1,
    );
    const error = await new LocalSqlWarehouse({ home: '/tmp/lake', runner })
      .runFiles(['/x/10_a.sql'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementFailedError);
    expect((error as StatementFailedError).message).toContain('TABLE_OR_VIEW_NOT_FOUND');
    expect((error as StatementFailedError).completed).toHaveLength(1);
  });
});
