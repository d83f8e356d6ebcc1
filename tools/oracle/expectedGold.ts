/**
 * The gold tables the pipeline must produce from a set of delivered records, computed here in
 * plain TypeScript straight from the contract (spec §3–4), independently of the Spark jobs, so
 * the end-to-end test has something to hold the pipeline against. Deliberately simple and
 * unoptimised where it does not matter: clarity over speed.
 */
import type {
  BpmRecord,
  GymVisitRecord,
  ProfileRecord,
  RegistrationRecord,
  WorkoutRecord,
} from '../../shared/feeds/generated/types.js';
import type { GoldTables, GymSummaryRow, WorkoutBpmSummaryRow } from '../../shared/report/goldTables.js';
import type { TimedRecord } from '../../shared/simulator/records.js';

export interface DeliveredRecords {
  registration: RegistrationRecord[];
  profile: ProfileRecord[];
  workout: WorkoutRecord[];
  gym_visit: GymVisitRecord[];
  bpm: BpmRecord[];
}

/** Longest a completed workout may last (spec §3, `completed_workouts`). */
export const MAX_WORKOUT_SECONDS = 3 * 3600;

export function groupByFeed(items: readonly TimedRecord[]): DeliveredRecords {
  const out: DeliveredRecords = { registration: [], profile: [], workout: [], gym_visit: [], bpm: [] };
  for (const item of items) (out[item.feed] as unknown[]).push(item.record);
  return out;
}

export function expectedGold(records: DeliveredRecords, maxWorkoutSeconds = MAX_WORKOUT_SECONDS): GoldTables {
  const registrations = registrationHistory(records.registration);
  const profiles = currentProfiles(records.profile);
  const workouts = completedWorkouts(records.workout, maxWorkoutSeconds);
  return {
    workoutBpmSummary: workoutBpmSummary(workouts, registrations, profiles, validReadings(records.bpm)),
    gymSummary: gymSummary(gymLogs(records.gym_visit), workouts, registrations),
  };
}

// ---- silver ------------------------------------------------------------------------------

interface Registration {
  user_id: number;
  device_id: number;
  mac: string;
  at: number;
}

/** Per user, registrations oldest first; one per (user_id, registration_timestamp), MAC in lower case. */
function registrationHistory(records: readonly RegistrationRecord[]): Map<number, Registration[]> {
  const byKey = new Map<string, Registration>();
  for (const r of records) {
    byKey.set(`${r.user_id}|${r.registration_timestamp}`, {
      user_id: r.user_id,
      device_id: r.device_id,
      mac: r.mac_address.toLowerCase(),
      at: r.registration_timestamp,
    });
  }
  const byUser = new Map<number, Registration[]>();
  for (const reg of byKey.values()) byUser.set(reg.user_id, [...(byUser.get(reg.user_id) ?? []), reg]);
  for (const list of byUser.values()) list.sort((a, b) => a.at - b.at);
  return byUser;
}

/** The user's latest registration at or before `time`; if none, the earliest. */
function registrationInEffect(history: readonly Registration[], time: number): Registration | undefined {
  let inEffect: Registration | undefined;
  for (const reg of history) if (reg.at <= time) inEffect = reg;
  return inEffect ?? history[0];
}

const UPDATE_RANK = { new: 0, update: 1, delete: 2 } as const;

/** SCD1: the latest event wins (delete > update > new on a tie); a winning delete means no profile. */
function currentProfiles(records: readonly ProfileRecord[]): Map<number, ProfileRecord> {
  const latest = new Map<number, ProfileRecord>();
  for (const p of records) {
    const seen = latest.get(p.user_id);
    const newer =
      !seen ||
      p.timestamp > seen.timestamp ||
      (p.timestamp === seen.timestamp && UPDATE_RANK[p.update_type] >= UPDATE_RANK[seen.update_type]);
    if (newer) latest.set(p.user_id, p);
  }
  for (const [userId, p] of latest) if (p.update_type === 'delete') latest.delete(userId);
  return latest;
}

/** Per device, time -> heartrate of the valid readings (0 < heartrate < 300), one per (device, time). */
function validReadings(records: readonly BpmRecord[]): Map<number, Map<number, number>> {
  const all = new Map<number, Map<number, number | null>>();
  for (const r of records) {
    const byTime = all.get(r.device_id) ?? new Map<number, number | null>();
    byTime.set(r.time, r.heartrate); // last received wins
    all.set(r.device_id, byTime);
  }
  const valid = new Map<number, Map<number, number>>();
  for (const [device, byTime] of all) {
    const kept = new Map<number, number>();
    for (const [time, hr] of byTime) if (hr !== null && hr > 0 && hr < 300) kept.set(time, hr);
    valid.set(device, kept);
  }
  return valid;
}

interface CompletedWorkout {
  user_id: number;
  workout_id: number;
  session_id: number;
  start: number;
  end: number;
}

/** Earliest start and latest stop per workout; complete when stop > start and it lasts at most the limit. */
function completedWorkouts(records: readonly WorkoutRecord[], maxSeconds: number): CompletedWorkout[] {
  const spans = new Map<string, { id: WorkoutRecord; start?: number; stop?: number }>();
  for (const r of records) {
    const key = `${r.user_id}|${r.workout_id}|${r.session_id}`;
    const span = spans.get(key) ?? { id: r };
    if (r.action === 'start') span.start = Math.min(span.start ?? Infinity, r.timestamp);
    else span.stop = Math.max(span.stop ?? -Infinity, r.timestamp);
    spans.set(key, span);
  }
  const out: CompletedWorkout[] = [];
  for (const { id, start, stop } of spans.values()) {
    if (start === undefined || stop === undefined || !(stop > start) || stop - start > maxSeconds) continue;
    out.push({ user_id: id.user_id, workout_id: id.workout_id, session_id: id.session_id, start, end: stop });
  }
  return out;
}

interface GymLog {
  mac: string;
  gym: number;
  login: number;
  logout: number | null;
}

/** One visit per (mac, gym, login), with the greatest logout received. */
function gymLogs(records: readonly GymVisitRecord[]): GymLog[] {
  const byKey = new Map<string, GymLog>();
  for (const r of records) {
    const mac = r.mac_address.toLowerCase();
    const key = `${mac}|${r.gym}|${r.login}`;
    const log = byKey.get(key) ?? { mac, gym: r.gym, login: r.login, logout: null };
    if (r.logout !== undefined) log.logout = Math.max(log.logout ?? -Infinity, r.logout);
    byKey.set(key, log);
  }
  return [...byKey.values()];
}

// ---- gold --------------------------------------------------------------------------------

function workoutBpmSummary(
  workouts: readonly CompletedWorkout[],
  registrations: Map<number, Registration[]>,
  profiles: Map<number, ProfileRecord>,
  readings: Map<number, Map<number, number>>,
): WorkoutBpmSummaryRow[] {
  const rows: WorkoutBpmSummaryRow[] = [];
  for (const w of workouts) {
    const device = registrationInEffect(registrations.get(w.user_id) ?? [], w.start)?.device_id;
    const values: number[] = [];
    for (const [time, hr] of (device !== undefined && readings.get(device)) || [])
      if (time > w.start && time <= w.end) values.push(hr);
    if (values.length === 0) continue;
    const profile = profiles.get(w.user_id);
    rows.push({
      workout_id: w.workout_id,
      session_id: w.session_id,
      user_id: w.user_id,
      age: profile ? ageBin(profile.dob ?? null, utcDate(w.start)) : null,
      gender: profile ? (profile.gender ?? null) : null,
      city: profile ? (profile.address?.city ?? null) : null,
      state: profile ? (profile.address?.state ?? null) : null,
      min_bpm: values.reduce((a, b) => Math.min(a, b)),
      avg_bpm: values.reduce((a, b) => a + b, 0) / values.length,
      max_bpm: values.reduce((a, b) => Math.max(a, b)),
      num_recordings: values.length,
    });
  }
  return rows.sort((a, b) => a.user_id - b.user_id || a.workout_id - b.workout_id || a.session_id - b.session_id);
}

function gymSummary(
  logs: readonly GymLog[],
  workouts: readonly CompletedWorkout[],
  registrations: Map<number, Registration[]>,
): GymSummaryRow[] {
  const byUser = new Map<number, CompletedWorkout[]>();
  for (const w of workouts) byUser.set(w.user_id, [...(byUser.get(w.user_id) ?? []), w]);
  const rows: GymSummaryRow[] = [];
  for (const visit of logs) {
    if (visit.logout === null) continue;
    const userId = visitUser(visit, registrations);
    const base = {
      date: utcDate(visit.login),
      gym: visit.gym,
      mac_address: visit.mac,
      minutes_in_gym: roundHalfUp2((visit.logout - visit.login) / 60),
    };
    let matched = 0;
    for (const w of userId === undefined ? [] : (byUser.get(userId) ?? [])) {
      const overlap = Math.min(w.end, visit.logout) - Math.max(w.start, visit.login);
      if (overlap <= 0) continue;
      matched++;
      rows.push({
        ...base,
        workout_id: w.workout_id,
        session_id: w.session_id,
        minutes_exercising: roundHalfUp2(overlap / 60),
      });
    }
    if (matched === 0) rows.push({ ...base, workout_id: null, session_id: null, minutes_exercising: 0 });
  }
  return rows.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.gym - b.gym ||
      a.mac_address.localeCompare(b.mac_address) ||
      (a.workout_id ?? -1) - (b.workout_id ?? -1) ||
      (a.session_id ?? -1) - (b.session_id ?? -1),
  );
}

/**
 * The visit's user (spec §4): among the registrations of the visit's MAC at or before login whose user
 * still has that MAC in effect at login, the latest one's user (lowest user_id on a tie); if there is
 * none, the user of the MAC's earliest registration after login.
 */
function visitUser(visit: GymLog, registrations: Map<number, Registration[]>): number | undefined {
  let owner: Registration | undefined;
  let late: Registration | undefined;
  for (const history of registrations.values()) {
    for (const reg of history) {
      if (reg.mac !== visit.mac) continue;
      if (reg.at > visit.login) {
        if (!late || reg.at < late.at || (reg.at === late.at && reg.user_id < late.user_id)) late = reg;
      } else if (registrationInEffect(history, visit.login)?.mac === visit.mac) {
        if (!owner || reg.at > owner.at || (reg.at === owner.at && reg.user_id < owner.user_id)) owner = reg;
      }
    }
  }
  return (owner ?? late)?.user_id;
}

// ---- helpers -----------------------------------------------------------------------------

export function utcDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

/** Whole years from `dob` to `on` (both YYYY-MM-DD); a 29 February birthday counts from 1 March in other years. */
export function ageInYears(dob: string, on: string): number {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const BIN_EDGES: readonly (readonly [number, string])[] = [
  [18, 'under 18'],
  [25, '18-25'],
  [35, '25-35'],
  [45, '35-45'],
  [55, '45-55'],
  [65, '55-65'],
  [75, '65-75'],
  [85, '75-85'],
  [95, '85-95'],
];

export function ageBin(dob: string | null, on: string): string {
  if (dob === null) return 'invalid age';
  const age = ageInYears(dob, on);
  if (age < 0) return 'invalid age';
  for (const [below, label] of BIN_EDGES) if (age < below) return label;
  return '95+';
}

/** Half-up to 2 decimals (the simulator's times are whole seconds, so no binary-fraction ties arise). */
export function roundHalfUp2(value: number): number {
  return Math.round(value * 100) / 100;
}
