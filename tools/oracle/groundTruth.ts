/**
 * The ground truth of a simulation, for tests and the demo's check: every workout's true
 * readings and the gold rows the contract implies (expectedGold.ts). It lives in tools/, out
 * of the library and of the Function App package; `pulselake simulate --truth` writes it.
 */
import type { GoldTables } from '../../shared/report/goldTables.js';
import type { Simulation } from '../../shared/simulator/simulation.js';
import type { SimulationOptions } from '../../shared/simulator/model.js';
import { expectedGold, groupByFeed } from './expectedGold.js';

/** Ground truth for tests: every workout's true readings and the gold rows the contract implies. */
export interface GroundTruth {
  options: SimulationOptions;
  workouts: {
    user_id: number;
    workout_id: number;
    session_id: number;
    device_id: number;
    start: number;
    stop: number | null;
    gym: number | null;
    /** 1 Hz readings: `heartrates[i]` was recorded at `start + i` (null or 0 = sensor dropout). */
    heartrates: (number | null)[];
  }[];
  expected: GoldTables;
}

export function groundTruth(sim: Simulation): GroundTruth {
  return {
    options: sim.options,
    workouts: sim.activity.workouts.map((w) => ({
      user_id: w.user_id,
      workout_id: w.workout_id,
      session_id: w.session_id,
      device_id: w.device_id,
      start: w.start,
      stop: w.stop,
      gym: w.gym,
      heartrates: w.heartrates,
    })),
    expected: expectedGold(groupByFeed(sim.delivery.delivered)),
  };
}
