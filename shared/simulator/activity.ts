/**
 * What people do each simulated day: gym visits (busy mornings and evenings) with one or two
 * workouts inside, or none, sometimes arriving already running; outdoor workouts; and the
 * usual mishaps (a stop never sent, a stop pressed hours late, a kiosk that misses the exit).
 */
import { workoutHeartrates } from './heartRate.js';
import type { SimGymVisit, SimUser, SimWorkout, SimulationOptions, WorkoutKindId } from './model.js';
import type { Random } from './random.js';

const DAY = 86_400;
const MINUTE = 60;

export const ACTIVITY_RATES = {
  /** Chance a gym member visits the gym on a given day. */
  gymVisit: 0.45,
  /** Chance a visit is to a gym other than the member's own. */
  otherGym: 0.1,
  /** Visits without any workout (sauna, a chat at the bar). */
  visitWithoutWorkout: 0.1,
  /** Visits with two workouts in a row. */
  twoWorkouts: 0.06,
  /** Workouts started on the way to the gym (before the kiosk login). */
  arrivesRunning: 0.04,
  /** Kiosk never records the exit: the visit stays open. */
  missedLogout: 0.03,
  /** Chance of an outdoor workout on a day without / with a gym visit. */
  outdoorWorkout: 0.3,
  outdoorWorkoutAfterGym: 0.08,
  /** Workouts whose stop is never sent. */
  missingStop: 0.02,
  /** Workouts whose stop is pressed 3 to 4 hours after the end (longer than a workout may last). */
  forgottenStop: 0.01,
};

/** Login hour of day (UTC) and its weight: early morning, lunch and after-work peaks. */
const BUSY_HOURS: readonly (readonly [number, number])[] = [
  [5, 2],
  [6, 7],
  [7, 8],
  [8, 5],
  [9, 3],
  [10, 2],
  [11, 3],
  [12, 5],
  [13, 3],
  [14, 2],
  [15, 2],
  [16, 4],
  [17, 8],
  [18, 9],
  [19, 6],
  [20, 3],
  [21, 1],
];

const GYM_KINDS: readonly (readonly [WorkoutKindId, number])[] = [
  [3, 3],
  [2, 2],
  [5, 2],
  [1, 2],
  [4, 1],
  [6, 1],
];
const OUTDOOR_KINDS: readonly (readonly [WorkoutKindId, number])[] = [
  [1, 5],
  [2, 3],
  [5, 1],
  [6, 1],
];

export interface Activity {
  workouts: SimWorkout[];
  visits: SimGymVisit[];
}

export function buildActivity(options: SimulationOptions, users: readonly SimUser[], rng: Random): Activity {
  const workouts: SimWorkout[] = [];
  const visits: SimGymVisit[] = [];
  users.forEach((user, u) => {
    const sessions = { next: 1 };
    const own: SimWorkout[] = [];
    for (let day = 0; day < options.days; day++) {
      const dayRng = rng.fork((u + 1) * 1000 + day);
      const dayStart = options.start + day * DAY;
      const activeFrom = Math.max(dayStart, firstRegistration(user) + 10 * MINUTE);
      const visit =
        user.homeGym === null ? undefined : planGymDay(options, user, dayRng, dayStart, activeFrom, sessions);
      if (visit) {
        visits.push(visit.visit);
        own.push(...visit.workouts);
      }
      const outdoor = planOutdoorWorkout(user, dayRng, dayStart, activeFrom, visit?.visit, sessions);
      if (outdoor) own.push(outdoor);
    }
    workouts.push(...stopRecordingAtNextWorkout(own));
  });
  return { workouts, visits };
}

function planGymDay(
  options: SimulationOptions,
  user: SimUser,
  rng: Random,
  dayStart: number,
  activeFrom: number,
  sessions: { next: number },
): { visit: SimGymVisit; workouts: SimWorkout[] } | undefined {
  if (!rng.chance(ACTIVITY_RATES.gymVisit)) return undefined;
  const login = dayStart + rng.weighted(BUSY_HOURS) * 3600 + rng.int(0, 3599);
  if (login < activeFrom + 30 * MINUTE) return undefined;
  const logout = login + rng.int(35, 110) * MINUTE + rng.int(0, 59);
  const gym =
    options.gyms > 1 && rng.chance(ACTIVITY_RATES.otherGym) ? rng.int(1, options.gyms) : (user.homeGym as number);
  const visit: SimGymVisit = {
    user_id: user.user_id,
    mac_address: deviceAt(user, login).mac_address.toLowerCase(),
    gym,
    login,
    logout: rng.chance(ACTIVITY_RATES.missedLogout) ? null : logout,
  };
  const roll = rng.next();
  const spans: [number, number][] = [];
  if (roll < ACTIVITY_RATES.visitWithoutWorkout) {
    // no workout recorded
  } else if (roll < ACTIVITY_RATES.visitWithoutWorkout + ACTIVITY_RATES.twoWorkouts) {
    const middle = Math.floor((login + logout) / 2);
    spans.push([login + rng.int(2, 5) * MINUTE, middle - rng.int(1, 3) * MINUTE]);
    spans.push([middle + rng.int(1, 3) * MINUTE, logout - rng.int(2, 6) * MINUTE]);
  } else if (roll < ACTIVITY_RATES.visitWithoutWorkout + ACTIVITY_RATES.twoWorkouts + ACTIVITY_RATES.arrivesRunning) {
    spans.push([login - rng.int(5, 15) * MINUTE, logout - rng.int(2, 8) * MINUTE]);
  } else {
    spans.push([login + rng.int(2, 10) * MINUTE + rng.int(0, 59), logout - rng.int(2, 8) * MINUTE]);
  }
  const workouts = spans.map(([start, end]) =>
    makeWorkout(user, rng, rng.weighted(GYM_KINDS), start, end, gym, sessions),
  );
  return { visit, workouts };
}

function planOutdoorWorkout(
  user: SimUser,
  rng: Random,
  dayStart: number,
  activeFrom: number,
  visit: SimGymVisit | undefined,
  sessions: { next: number },
): SimWorkout | undefined {
  if (!rng.chance(visit ? ACTIVITY_RATES.outdoorWorkoutAfterGym : ACTIVITY_RATES.outdoorWorkout)) return undefined;
  const start = dayStart + rng.weighted(BUSY_HOURS) * 3600 + rng.int(0, 3599);
  const end = start + rng.int(20, 75) * MINUTE + rng.int(0, 59);
  if (start < activeFrom) return undefined;
  // Keep clear of the gym visit: nobody runs outside while logged in at the gym.
  if (visit && start < (visit.logout ?? visit.login) + 2 * 3600 && end > visit.login - 2 * 3600) return undefined;
  return makeWorkout(user, rng, rng.weighted(OUTDOOR_KINDS), start, end, null, sessions);
}

function makeWorkout(
  user: SimUser,
  rng: Random,
  kind: WorkoutKindId,
  start: number,
  exerciseEnd: number,
  gym: number | null,
  sessions: { next: number },
): SimWorkout {
  const roll = rng.next();
  const forgotten =
    roll >= ACTIVITY_RATES.missingStop && roll < ACTIVITY_RATES.missingStop + ACTIVITY_RATES.forgottenStop;
  const stop =
    roll < ACTIVITY_RATES.missingStop ? null : forgotten ? exerciseEnd + rng.int(3 * 3600, 4 * 3600) : exerciseEnd;
  // The device keeps recording until stop is pressed (or, with no stop, until the user takes it off).
  const idle = stop === null ? rng.int(0, 10) * MINUTE : stop - exerciseEnd;
  return {
    user_id: user.user_id,
    workout_id: kind,
    session_id: sessions.next++,
    device_id: deviceAt(user, start).device_id,
    start,
    stop,
    exerciseEnd,
    heartrates: workoutHeartrates(rng, user, kind, exerciseEnd - start, idle),
    gym,
  };
}

/**
 * A device records one reading per second: when a workout is still recording (no stop, or a
 * stop pressed late) as the next one starts, its recording ends there.
 */
function stopRecordingAtNextWorkout(workouts: SimWorkout[]): SimWorkout[] {
  const sorted = [...workouts].sort((a, b) => a.start - b.start);
  sorted.forEach((workout, i) => {
    const next = sorted[i + 1];
    if (next && workout.start + workout.heartrates.length > next.start) {
      workout.heartrates.length = Math.max(0, next.start - workout.start);
    }
  });
  return sorted;
}

function firstRegistration(user: SimUser): number {
  return Math.min(...user.devices.map((d) => d.registeredAt));
}

/** The device in effect at `time` (contract §3): the latest registered at or before it, else the earliest. */
export function deviceAt(user: SimUser, time: number): SimUser['devices'][number] {
  const sorted = [...user.devices].sort((a, b) => a.registeredAt - b.registeredAt);
  const before = sorted.filter((d) => d.registeredAt <= time);
  return (before.length > 0 ? before[before.length - 1] : sorted[0]) as SimUser['devices'][number];
}
