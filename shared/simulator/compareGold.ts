/**
 * Compares gold tables produced by the pipeline with the simulator's expected rows: matched
 * by key on the contract columns (spec §4), exact except `avg_bpm` (a sum in another order
 * differs in the last bits: relative tolerance).
 */
import type { GoldTables, GymSummaryRow, WorkoutBpmSummaryRow } from '../report/goldTables.js';

export const WORKOUT_COLUMNS = [
  'workout_id',
  'session_id',
  'user_id',
  'age',
  'gender',
  'city',
  'state',
  'min_bpm',
  'avg_bpm',
  'max_bpm',
  'num_recordings',
] as const;

export const GYM_COLUMNS = [
  'date',
  'gym',
  'mac_address',
  'workout_id',
  'session_id',
  'minutes_in_gym',
  'minutes_exercising',
] as const;

export interface TableComparison {
  expected: number;
  actual: number;
  matched: number;
  missing: Record<string, unknown>[];
  unexpected: Record<string, unknown>[];
  different: { expected: Record<string, unknown>; actual: Record<string, unknown> }[];
}

export interface GoldComparison {
  workoutBpmSummary: TableComparison;
  gymSummary: TableComparison;
  ok: boolean;
}

/** Only the contract columns, in contract order (extras the export adds are ignored). */
export function project(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
}

function sameValue(column: string, a: unknown, b: unknown, relTol: number): boolean {
  if (column === 'avg_bpm' && typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

function compareTable<R extends object>(
  actualRows: readonly R[],
  expectedRows: readonly R[],
  columns: readonly string[],
  key: readonly string[],
  relTol: number,
): TableComparison {
  const keyOf = (row: Record<string, unknown>) => JSON.stringify(key.map((k) => row[k] ?? null));
  const actual = new Map(
    actualRows.map((r) => project(r as Record<string, unknown>, columns)).map((r) => [keyOf(r), r]),
  );
  const result: TableComparison = {
    expected: expectedRows.length,
    actual: actualRows.length,
    matched: 0,
    missing: [],
    unexpected: [],
    different: [],
  };
  for (const raw of expectedRows) {
    const expected = project(raw as Record<string, unknown>, columns);
    const found = actual.get(keyOf(expected));
    actual.delete(keyOf(expected));
    if (!found) result.missing.push(expected);
    else if (columns.every((c) => sameValue(c, expected[c], found[c], relTol))) result.matched++;
    else result.different.push({ expected, actual: found });
  }
  result.unexpected = [...actual.values()];
  return result;
}

export function compareGold(actual: GoldTables, expected: GoldTables, relTol = 1e-9): GoldComparison {
  const workoutBpmSummary = compareTable<WorkoutBpmSummaryRow>(
    actual.workoutBpmSummary,
    expected.workoutBpmSummary,
    WORKOUT_COLUMNS,
    ['user_id', 'workout_id', 'session_id'],
    relTol,
  );
  const gymSummary = compareTable<GymSummaryRow>(
    actual.gymSummary,
    expected.gymSummary,
    GYM_COLUMNS,
    ['date', 'gym', 'mac_address', 'workout_id', 'session_id'],
    relTol,
  );
  const clean = (t: TableComparison) =>
    t.missing.length === 0 && t.unexpected.length === 0 && t.different.length === 0 && t.actual === t.expected;
  return { workoutBpmSummary, gymSummary, ok: clean(workoutBpmSummary) && clean(gymSummary) };
}
