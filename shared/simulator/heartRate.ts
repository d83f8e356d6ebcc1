/**
 * Plausible heart-rate curves. During a workout the effort follows warm-up, a main part
 * shaped by the kind of workout (steady with cardiac drift, intervals, strength sets) and a
 * cool-down; the heart follows the effort with a lag and some physiological noise. The
 * sensor sometimes drops out (0 or null) and, rarely, spikes to an implausible value.
 */
import { WORKOUT_KINDS, type SimUser, type WorkoutKindId } from './model.js';
import { clamp } from './population.js';
import type { Random } from './random.js';

export const SENSOR_RATES = {
  /** Chance per second that a dropout starts (it then lasts 3 to 20 seconds). */
  dropoutStart: 0.0015,
  /** Share of dropout readings sent as null rather than 0. */
  dropoutNull: 0.2,
  /** Chance per reading of an implausible spike (>= 300 bpm). */
  spike: 0.0002,
};

/**
 * 1 Hz readings for a workout lasting `exerciseSeconds`, then `idleSeconds` of recovery
 * recorded because the user forgot to press stop. Element i is the reading at start + i.
 */
export function workoutHeartrates(
  rng: Random,
  user: SimUser,
  kind: WorkoutKindId,
  exerciseSeconds: number,
  idleSeconds = 0,
): (number | null)[] {
  const { intensity, pattern } = WORKOUT_KINDS[kind];
  const target = clamp(intensity * rng.float(0.9, 1.1), 0.2, 0.95);
  const warmUp = Math.min(600, 0.15 * exerciseSeconds);
  const coolDown = Math.min(480, 0.12 * exerciseSeconds);
  const reserve = user.maxBpm - user.restingBpm;
  const readings: (number | null)[] = [];
  let heart = user.restingBpm + 0.15 * reserve;
  let wander = 0;
  let dropoutLeft = 0;
  const total = exerciseSeconds + idleSeconds;
  for (let i = 0; i <= total; i++) {
    const effort =
      i > exerciseSeconds
        ? 0.08
        : effortAt(i, exerciseSeconds, warmUp, coolDown, target) +
          patternOffset(pattern, i, warmUp, coolDown, exerciseSeconds);
    const wanted = user.restingBpm + clamp(effort, 0, 1) * reserve;
    heart += (wanted - heart) * 0.05; // the heart lags the effort by ~20 s
    wander = 0.92 * wander + rng.normal(0, 0.7);
    if (dropoutLeft === 0 && rng.chance(SENSOR_RATES.dropoutStart)) dropoutLeft = rng.int(3, 20);
    if (dropoutLeft > 0) {
      dropoutLeft--;
      readings.push(rng.chance(SENSOR_RATES.dropoutNull) ? null : 0);
    } else if (rng.chance(SENSOR_RATES.spike)) {
      readings.push(rng.float(300, 420));
    } else {
      readings.push(clamp(heart + wander + rng.normal(0, 0.6), 35, 230));
    }
  }
  return readings;
}

function effortAt(i: number, length: number, warmUp: number, coolDown: number, target: number): number {
  if (i < warmUp) return 0.15 + (target - 0.15) * smoothstep(i / warmUp);
  if (i > length - coolDown) return target - (target - 0.2) * smoothstep((i - (length - coolDown)) / coolDown);
  return target + 0.06 * ((i - warmUp) / Math.max(1, length)); // cardiac drift over the main part
}

function patternOffset(
  pattern: (typeof WORKOUT_KINDS)[WorkoutKindId]['pattern'],
  i: number,
  warmUp: number,
  coolDown: number,
  length: number,
): number {
  if (i < warmUp || i > length - coolDown) return 0;
  const t = i - warmUp;
  switch (pattern) {
    case 'intervals':
      return t % 120 < 60 ? 0.12 : -0.12; // 1 min hard, 1 min easy
    case 'sets':
      return t % 135 < 45 ? 0.2 : -0.1; // 45 s set, 90 s rest
    case 'steady':
      return 0;
  }
}

function smoothstep(x: number): number {
  const t = clamp(x, 0, 1);
  return t * t * (3 - 2 * t);
}

/** A sparse resting reading at `time`: lower at night, occasionally a dropout. */
export function restingHeartrate(rng: Random, user: SimUser, time: number): number | null {
  if (rng.chance(0.01)) return rng.chance(SENSOR_RATES.dropoutNull) ? null : 0;
  const hour = (time % 86_400) / 3600;
  const circadian = hour < 6 ? -6 : hour < 9 ? 2 : 5;
  return clamp(user.restingBpm + circadian + rng.normal(0, 3), 38, 130);
}
