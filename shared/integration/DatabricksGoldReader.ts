/**
 * Reads the gold tables through a Databricks SQL warehouse with `@databricks/sql`, as the
 * integration test sees them: the contract's columns, dates as `YYYY-MM-DD`, numbers as numbers.
 */
import { DBSQLClient } from '@databricks/sql';
import type { GoldTables, GymSummaryRow, WorkoutBpmSummaryRow } from '../report/goldTables.js';
import { GYM_COLUMNS, WORKOUT_COLUMNS } from '../simulator/compareGold.js';
import { parseDatabricksHost, type DatabricksAuth } from '../warehouse/databricksAuth.js';
import type { GoldReader } from './integrationTest.js';

export interface DatabricksGoldReaderOptions {
  host: string;
  httpPath: string;
  auth: DatabricksAuth;
  catalog: string;
}

/** Driver values -> JSON-export values: DATE/TIMESTAMP as ISO date text, BIGINT as number. */
export function normalizeValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'bigint') return Number(value);
  return value;
}

export function normalizeRow(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, normalizeValue(row[c] ?? null)]));
}

const quoted = (columns: readonly string[]): string => columns.map((c) => `\`${c}\``).join(', ');

export function goldQueries(catalog: string): { workoutBpmSummary: string; gymSummary: string } {
  return {
    workoutBpmSummary: `SELECT ${quoted(WORKOUT_COLUMNS)} FROM \`${catalog}\`.gold.workout_bpm_summary`,
    gymSummary: `SELECT ${quoted(GYM_COLUMNS)} FROM \`${catalog}\`.gold.gym_summary`,
  };
}

export class DatabricksGoldReader implements GoldReader {
  private client?: Promise<DBSQLClient>;

  constructor(private readonly options: DatabricksGoldReaderOptions) {}

  async read(): Promise<GoldTables> {
    const client = await (this.client ??= this.connect());
    const session = await client.openSession();
    try {
      const query = async (sql: string, columns: readonly string[]): Promise<Record<string, unknown>[]> => {
        const operation = await session.executeStatement(sql);
        try {
          const rows = (await operation.fetchAll()) as Record<string, unknown>[];
          return rows.map((r) => normalizeRow(r, columns));
        } finally {
          await operation.close();
        }
      };
      const sql = goldQueries(this.options.catalog);
      return {
        workoutBpmSummary: (await query(sql.workoutBpmSummary, WORKOUT_COLUMNS)) as WorkoutBpmSummaryRow[],
        gymSummary: (await query(sql.gymSummary, GYM_COLUMNS)) as GymSummaryRow[],
      };
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await (await client).close();
  }

  private async connect(): Promise<DBSQLClient> {
    const endpoint = parseDatabricksHost(this.options.host);
    const { auth } = this.options;
    const client = new DBSQLClient();
    await client.connect({
      host: endpoint.hostname,
      port: endpoint.port,
      path: this.options.httpPath,
      ...(auth.kind === 'pat'
        ? { authType: 'access-token' as const, token: await auth.getToken() }
        : { authType: 'external-token' as const, getToken: auth.getToken }),
      userAgentEntry: 'pulselake-integration-test',
      telemetryEnabled: false,
    });
    return client;
  }
}
