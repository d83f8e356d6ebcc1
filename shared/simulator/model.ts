/**
 * What the simulator knows about its world before anything is sent: people, their devices,
 * gym visits and workouts with the true heart rate. Records for the feeds are derived from it.
 */
import type { ProfileRecord } from '../feeds/generated/types.js';

export interface SimulationOptions {
  users: number;
  gyms: number;
  days: number;
  seed: number;
  /** Epoch seconds of 00:00 UTC on the first simulated day. */
  start: number;
  /** Fraction of records delivered twice. */
  duplicateRate: number;
  /** Fraction of records delivered late (after everything else). */
  lateRate: number;
  /** Fraction of extra, deliberately invalid records (to show the quarantine). */
  invalidRate: number;
}

export const DEFAULT_OPTIONS: SimulationOptions = {
  users: 200,
  gyms: 5,
  days: 1,
  seed: 42,
  start: Date.UTC(2025, 2, 10) / 1000,
  duplicateRate: 0.01,
  lateRate: 0.01,
  invalidRate: 0,
};

export interface SimDevice {
  device_id: number;
  mac_address: string;
  /** When the user registered it (epoch seconds). */
  registeredAt: number;
}

export interface SimUser {
  user_id: number;
  /** The first device, then any replacement, in registration order. */
  devices: SimDevice[];
  /** Profile CDC events in the order they happened (may include none, or end with a delete). */
  profileEvents: ProfileRecord[];
  /** Age in whole years on the first simulated day; drives fitness and heart rate. */
  age: number;
  restingBpm: number;
  maxBpm: number;
  /** Gym the user usually goes to, or null for people who train outdoors only. */
  homeGym: number | null;
}

/** Workout kinds; the id is what the wearable sends as `workout_id`. */
export const WORKOUT_KINDS = {
  1: { name: 'run', intensity: 0.72, pattern: 'steady' },
  2: { name: 'cycle', intensity: 0.66, pattern: 'steady' },
  3: { name: 'strength', intensity: 0.5, pattern: 'sets' },
  4: { name: 'rowing', intensity: 0.7, pattern: 'steady' },
  5: { name: 'hiit', intensity: 0.82, pattern: 'intervals' },
  6: { name: 'yoga', intensity: 0.3, pattern: 'steady' },
} as const;

export type WorkoutKindId = keyof typeof WORKOUT_KINDS;

export interface SimWorkout {
  user_id: number;
  workout_id: WorkoutKindId;
  session_id: number;
  /** Device that records it: the one in effect for the user at the start. */
  device_id: number;
  start: number;
  /** Null when the user never pressed stop. */
  stop: number | null;
  /** Second the exercise actually ended (differs from `stop` when the user forgot to stop). */
  exerciseEnd: number;
  /** 1 Hz heart rate from `start` to the last recorded second: `heartrates[i]` at `start + i`. */
  heartrates: (number | null)[];
  /** Gym of the visit it belongs to, or null outdoors. */
  gym: number | null;
}

export interface SimGymVisit {
  user_id: number;
  mac_address: string;
  gym: number;
  login: number;
  /** Null when the kiosk never saw the user leave. */
  logout: number | null;
}
