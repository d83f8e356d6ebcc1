/**
 * One simulation, reproducible from its options: the population, what they do, the records
 * their devices and kiosks send, and how those are delivered (the ground truth, what the
 * pipeline must make of it, is tools/oracle/groundTruth.ts).
 */
import { buildActivity, type Activity } from './activity.js';
import { planDelivery, type DeliveryPlan, type PlanOptions } from './delivery.js';
import type { SimUser, SimulationOptions } from './model.js';
import { buildPopulation } from './population.js';
import { Random } from './random.js';
import { buildRecords } from './records.js';

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
