/**
 * What the report shows, computed from the gold tables and the landing counts: heart rate by
 * age bin and gender, time in the gym against time exercising per gym and day, the busiest
 * hours, the top sessions and the data-quality counts. Pure functions, no I/O.
 */
import type { GoldTables, GymSummaryRow, WorkoutBpmSummaryRow } from './goldTables.js';
import type { FeedQuality } from './landingCounts.js';

/** Contract age bins in reading order, then the catch-alls. */
export const AGE_BIN_ORDER = [
  'under 18',
  '18-25',
  '25-35',
  '35-45',
  '45-55',
  '55-65',
  '65-75',
  '75-85',
  '85-95',
  '95+',
  'invalid age',
  'no profile',
] as const;

export interface BpmGroup {
  age: string;
  gender: string;
  workouts: number;
  readings: number;
  min: number;
  /** Mean over every reading of the group (each workout weighted by its readings). */
  avg: number;
  max: number;
}

export interface GymDay {
  gym: number;
  date: string;
  visits: number;
  minutesInGym: number;
  minutesExercising: number;
}

export interface ReportModel {
  generatedAt: string;
  totals: { workouts: number; users: number; gymVisits: number; readings: number };
  bpmByAgeGender: BpmGroup[];
  gymDays: GymDay[];
  /** Gym check-ins per UTC hour of day (24 entries), and where they were counted from. */
  busiestHours: { counts: number[]; source: 'gold' | 'landing' };
  topSessions: WorkoutBpmSummaryRow[];
  dataQuality: FeedQuality[];
}

export interface ReportInputs {
  gold: GoldTables;
  dataQuality: FeedQuality[];
  /** Kiosk logins from the landing zone, used when the gold export has no `login` column. */
  landedLogins: number[];
  generatedAt: Date;
  topSessions?: number;
}

export function buildReportModel(inputs: ReportInputs): ReportModel {
  const { gold } = inputs;
  const gymDays = gymMinutesPerDay(gold.gymSummary);
  return {
    generatedAt: inputs.generatedAt.toISOString(),
    totals: {
      workouts: gold.workoutBpmSummary.length,
      users: new Set(gold.workoutBpmSummary.map((r) => r.user_id)).size,
      gymVisits: gymDays.reduce((n, d) => n + d.visits, 0),
      readings: gold.workoutBpmSummary.reduce((n, r) => n + r.num_recordings, 0),
    },
    bpmByAgeGender: bpmByAgeAndGender(gold.workoutBpmSummary),
    gymDays,
    busiestHours: busiestHours(gold.gymSummary, inputs.landedLogins),
    topSessions: topSessions(gold.workoutBpmSummary, inputs.topSessions ?? 10),
    dataQuality: inputs.dataQuality,
  };
}

const ageRank = (age: string): number => {
  const i = (AGE_BIN_ORDER as readonly string[]).indexOf(age);
  return i === -1 ? AGE_BIN_ORDER.length : i;
};

export function bpmByAgeAndGender(rows: readonly WorkoutBpmSummaryRow[]): BpmGroup[] {
  const groups = new Map<string, BpmGroup & { sum: number }>();
  for (const r of rows) {
    const age = r.age ?? 'no profile';
    const gender = r.gender ?? 'unknown';
    const key = JSON.stringify([age, gender]);
    const g = groups.get(key) ?? {
      age,
      gender,
      workouts: 0,
      readings: 0,
      min: Infinity,
      avg: 0,
      max: -Infinity,
      sum: 0,
    };
    g.workouts++;
    g.readings += r.num_recordings;
    g.sum += r.avg_bpm * r.num_recordings;
    g.min = Math.min(g.min, r.min_bpm);
    g.max = Math.max(g.max, r.max_bpm);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map(({ sum, ...g }) => ({ ...g, avg: g.readings > 0 ? sum / g.readings : 0 }))
    .sort((a, b) => ageRank(a.age) - ageRank(b.age) || a.age.localeCompare(b.age) || a.gender.localeCompare(b.gender));
}

/** A visit can have several rows (one per workout); its time in the gym counts once. */
function visitKey(r: GymSummaryRow): string {
  const login = r['login'] ?? r['login_time'];
  return JSON.stringify([r.date, r.gym, r.mac_address, login ?? r.minutes_in_gym]);
}

export function gymMinutesPerDay(rows: readonly GymSummaryRow[]): GymDay[] {
  const days = new Map<string, GymDay>();
  const visits = new Set<string>();
  for (const r of rows) {
    const key = JSON.stringify([r.gym, r.date]);
    const day = days.get(key) ?? { gym: r.gym, date: r.date, visits: 0, minutesInGym: 0, minutesExercising: 0 };
    const visit = visitKey(r);
    if (!visits.has(visit)) {
      visits.add(visit);
      day.visits++;
      day.minutesInGym += r.minutes_in_gym;
    }
    day.minutesExercising += r.minutes_exercising;
    days.set(key, day);
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date) || a.gym - b.gym);
}

/** Epoch seconds from a number or an ISO timestamp string; undefined otherwise. */
function toEpochSeconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  return undefined;
}

export function busiestHours(
  rows: readonly GymSummaryRow[],
  landedLogins: readonly number[],
): ReportModel['busiestHours'] {
  const fromGold = new Map<string, number>();
  for (const r of rows) {
    const login = toEpochSeconds(r['login'] ?? r['login_time']);
    if (login !== undefined) fromGold.set(visitKey(r), login);
  }
  const source = fromGold.size > 0 ? 'gold' : 'landing';
  const logins = source === 'gold' ? [...fromGold.values()] : landedLogins;
  const counts = new Array<number>(24).fill(0);
  for (const login of logins) {
    const hour = Math.floor((((login % 86_400) + 86_400) % 86_400) / 3600);
    counts[hour] = (counts[hour] ?? 0) + 1;
  }
  return { counts, source };
}

/** The most intense sessions: highest average heart rate first. */
export function topSessions(rows: readonly WorkoutBpmSummaryRow[], n: number): WorkoutBpmSummaryRow[] {
  return [...rows]
    .sort((a, b) => b.avg_bpm - a.avg_bpm || a.user_id - b.user_id || a.session_id - b.session_id)
    .slice(0, n);
}
