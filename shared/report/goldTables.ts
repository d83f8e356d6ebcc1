/**
 * The two gold tables as exported to JSON lines (`pulselake export`): the contract's columns
 * (spec §4), with any extra columns the export adds kept but not required.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface WorkoutBpmSummaryRow {
  workout_id: number;
  session_id: number;
  user_id: number;
  age: string | null;
  gender: string | null;
  city: string | null;
  state: string | null;
  min_bpm: number;
  avg_bpm: number;
  max_bpm: number;
  num_recordings: number;
  [extra: string]: unknown;
}

export interface GymSummaryRow {
  /** UTC date of the login, YYYY-MM-DD. */
  date: string;
  gym: number;
  mac_address: string;
  workout_id: number | null;
  session_id: number | null;
  minutes_in_gym: number;
  minutes_exercising: number;
  [extra: string]: unknown;
}

export interface GoldTables {
  workoutBpmSummary: WorkoutBpmSummaryRow[];
  gymSummary: GymSummaryRow[];
}

export const GOLD_EXPORT_FILES = {
  workoutBpmSummary: 'workout_bpm_summary.jsonl',
  gymSummary: 'gym_summary.jsonl',
} as const;

/** Parses JSON lines, skipping blank lines; a malformed line is an error naming the file and line. */
export function parseJsonLines<T>(text: string, source: string): T[] {
  const rows: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch (error) {
      throw new Error(`${source}:${i + 1}: not JSON (${(error as Error).message})`);
    }
  });
  return rows;
}

/** Reads both tables from an export folder. */
export async function readGoldExport(dir: string): Promise<GoldTables> {
  const read = async <T>(file: string): Promise<T[]> => {
    const full = path.join(dir, file);
    return parseJsonLines<T>(await readFile(full, 'utf8'), full);
  };
  return {
    workoutBpmSummary: await read<WorkoutBpmSummaryRow>(GOLD_EXPORT_FILES.workoutBpmSummary),
    gymSummary: await read<GymSummaryRow>(GOLD_EXPORT_FILES.gymSummary),
  };
}
