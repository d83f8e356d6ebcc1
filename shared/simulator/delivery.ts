/**
 * How the records reach the API: in time order, batched per feed (JSON arrays), with a share
 * delivered twice (a retry a few minutes later) and a share delivered late (after all the
 * rest, so a stop can arrive before its start and readings hours after their workout), plus
 * any deliberately invalid copies.
 */
import type { FeedName } from '../feeds/registry.js';
import { breakRecord } from './faults.js';
import type { SimulationOptions } from './model.js';
import type { Random } from './random.js';
import type { TimedRecord } from './records.js';

/** Records per request: the API takes up to 10,000 records and 4 MiB per request. */
export const BATCH_SIZE: Record<FeedName, number> = {
  bpm: 5000,
  registration: 500,
  profile: 500,
  workout: 500,
  gym_visit: 500,
};

export interface Batch {
  feed: FeedName;
  records: unknown[];
  /** How many of the records were broken on purpose (expected to be rejected). */
  broken: number;
  /** When its last record would be sent (epoch seconds, simulated clock): the paced sender waits for it. */
  at?: number;
}

export interface PlanOptions {
  /**
   * Also close a batch once it spans this many simulated seconds (default: only when full). Live mode uses it
   * so that readings go out every few seconds, as devices would send them, instead of 5,000 at a time.
   */
  batchSpanSeconds?: number;
}

export interface DeliveryPlan {
  /** Wave 0 is everything on time, wave 1 the late records; each wave is sent in order. */
  waves: [Batch[], Batch[]];
  /** Every valid record as delivered (duplicates included): what the lake should end up with. */
  delivered: TimedRecord[];
  duplicates: number;
  late: number;
  broken: number;
}

interface Envelope {
  feed: FeedName;
  record: unknown;
  at: number;
  broken: boolean;
}

export function planDelivery(
  records: readonly TimedRecord[],
  options: SimulationOptions,
  rng: Random,
  plan: PlanOptions = {},
): DeliveryPlan {
  const onTime: Envelope[] = [];
  const lateWave: Envelope[] = [];
  const delivered: TimedRecord[] = [];
  let duplicates = 0;
  let broken = 0;
  for (const item of records) {
    const wave = rng.chance(options.lateRate) ? lateWave : onTime;
    wave.push({ ...item, broken: false });
    delivered.push(item);
    if (rng.chance(options.duplicateRate)) {
      wave.push({ ...item, at: item.at + rng.int(1, 900), broken: false });
      delivered.push(item);
      duplicates++;
    }
    if (rng.chance(options.invalidRate)) {
      onTime.push({ ...breakRecord(item, rng), broken: true });
      broken++;
    }
  }
  return {
    waves: [toBatches(onTime, plan.batchSpanSeconds), toBatches(lateWave, plan.batchSpanSeconds)],
    delivered,
    duplicates,
    late: lateWave.length,
    broken,
  };
}

/** Sorts a wave by send time and cuts it into per-feed batches, each emitted when full (or spanning `span` s). */
function toBatches(wave: Envelope[], span = Number.POSITIVE_INFINITY): Batch[] {
  wave.sort((a, b) => a.at - b.at);
  const batches: Batch[] = [];
  const open = new Map<FeedName, Batch & { first: number }>();
  const close = (feed: FeedName, batch: Batch & { first: number }) => {
    const { first: _first, ...closed } = batch;
    batches.push(closed);
    open.delete(feed);
  };
  for (const e of wave) {
    const pending = open.get(e.feed);
    if (pending && e.at - pending.first >= span) close(e.feed, pending);
    let batch = open.get(e.feed);
    if (!batch) {
      batch = { feed: e.feed, records: [], broken: 0, first: e.at };
      open.set(e.feed, batch);
    }
    batch.records.push(e.record);
    batch.at = e.at;
    if (e.broken) batch.broken++;
    if (batch.records.length >= BATCH_SIZE[e.feed]) close(e.feed, batch);
  }
  for (const [feed, batch] of [...open]) close(feed, batch);
  // A batch closed by a later record of its feed goes out at its own time (the default order stays as it was).
  if (Number.isFinite(span)) batches.sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  return batches;
}

export function countRecords(batches: readonly Batch[]): number {
  return batches.reduce((sum, b) => sum + b.records.length, 0);
}
