/**
 * One simulation, reproducible from its options: the population, what they do, the records
 * their devices and kiosks send, how those are delivered, and the ground truth.
 */
import { buildActivity, type Activity } from './activity.js';
import { planDelivery, type DeliveryPlan, type PlanOptions } from './delivery.js';
import { expectedGold, groupByFeed } from './expectedGold.js';
import type { SimUser, SimulationOptions } from './model.js';
import { buildPopulation } from './population.js';
import { Random } from './random.js';
import { buildRecords } from './records.js';
import type { GoldTables } from '../report/goldTables.js';

export interface Simulation {
  options: SimulationOptions;
  users: SimUser[];
  activity: Activity;
  delivery: DeliveryPlan;
}

export function simulate(options: SimulationOptions, plan: PlanOptions = {}): Simulation {
  const root = new Random(options.seed);
  const users = buildPopulation(options, root.fork(1));
  const activity = buildActivity(options, users, root.fork(2));
  const records = buildRecords(options, users, activity, root.fork(3));
  const delivery = planDelivery(records, options, root.fork(4), plan);
  return { options, users, activity, delivery };
}

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
