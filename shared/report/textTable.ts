/** Compact plain-text views of the gold tables for the terminal (the demo prints them). */
import type { GoldTables } from './goldTables.js';

export interface TextColumn<R> {
  header: string;
  value: (row: R) => string;
  /** Right-align (numbers). */
  numeric?: boolean;
}

export function formatTextTable<R>(rows: readonly R[], columns: readonly TextColumn<R>[], indent = '  '): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    indent +
    values
      .map((v, i) => (columns[i]?.numeric ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
}

const num = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined ? '–' : x.toFixed(digits);
const text = (x: string | number | null | undefined): string => (x === null || x === undefined ? '–' : String(x));

/** Both gold tables, `limit` rows each, with their row counts. */
export function formatGoldPreview(gold: GoldTables, limit = 8): string {
  const workouts = [...gold.workoutBpmSummary].sort(
    (a, b) => a.user_id - b.user_id || a.workout_id - b.workout_id || a.session_id - b.session_id,
  );
  const visits = [...gold.gymSummary].sort(
    (a, b) => a.date.localeCompare(b.date) || a.gym - b.gym || a.mac_address.localeCompare(b.mac_address),
  );
  const more = (total: number) => (total > limit ? `  … ${total - limit} more rows` : '');
  return [
    `gold.workout_bpm_summary (${gold.workoutBpmSummary.length} rows)`,
    formatTextTable(workouts.slice(0, limit), [
      { header: 'user_id', value: (r) => text(r.user_id), numeric: true },
      { header: 'workout', value: (r) => text(r.workout_id), numeric: true },
      { header: 'session', value: (r) => text(r.session_id), numeric: true },
      { header: 'age', value: (r) => text(r.age) },
      { header: 'gender', value: (r) => text(r.gender) },
      { header: 'city', value: (r) => text(r.city) },
      { header: 'state', value: (r) => text(r.state) },
      { header: 'min_bpm', value: (r) => num(r.min_bpm), numeric: true },
      { header: 'avg_bpm', value: (r) => num(r.avg_bpm), numeric: true },
      { header: 'max_bpm', value: (r) => num(r.max_bpm), numeric: true },
      { header: 'readings', value: (r) => text(r.num_recordings), numeric: true },
    ]),
    more(workouts.length),
    '',
    `gold.gym_summary (${gold.gymSummary.length} rows)`,
    formatTextTable(visits.slice(0, limit), [
      { header: 'date', value: (r) => r.date },
      { header: 'gym', value: (r) => text(r.gym), numeric: true },
      { header: 'mac_address', value: (r) => r.mac_address },
      { header: 'workout', value: (r) => text(r.workout_id), numeric: true },
      { header: 'session', value: (r) => text(r.session_id), numeric: true },
      { header: 'min_in_gym', value: (r) => num(r.minutes_in_gym, 2), numeric: true },
      { header: 'min_exercising', value: (r) => num(r.minutes_exercising, 2), numeric: true },
    ]),
    more(visits.length),
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}
