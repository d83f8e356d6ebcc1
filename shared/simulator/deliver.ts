/**
 * Sends a delivery plan: wave by wave (the late records after everything else), a few
 * batches in flight at a time, counting per feed what was sent, accepted and rejected.
 */
import { FEED_NAMES, type FeedName } from '../feeds/registry.js';
import type { Batch, DeliveryPlan } from './delivery.js';
import type { BatchSender } from './senders.js';

export interface FeedTally {
  sent: number;
  accepted: number;
  rejected: number;
}

export type Tally = Record<FeedName, FeedTally>;

export interface DeliverOptions {
  /** Requests in flight at once. */
  concurrency?: number;
  /** Called after each batch is answered. */
  onBatch?: (batch: Batch, tally: Tally) => void;
  /** Called between the on-time wave and the late one (e.g. to run the pipeline in between). */
  betweenWaves?: () => Promise<void>;
}

export function emptyTally(): Tally {
  return Object.fromEntries(FEED_NAMES.map((f) => [f, { sent: 0, accepted: 0, rejected: 0 }])) as Tally;
}

export function totalOf(tally: Tally): FeedTally {
  return Object.values(tally).reduce(
    (sum, t) => ({ sent: sum.sent + t.sent, accepted: sum.accepted + t.accepted, rejected: sum.rejected + t.rejected }),
    { sent: 0, accepted: 0, rejected: 0 },
  );
}

export async function deliver(plan: DeliveryPlan, sender: BatchSender, options: DeliverOptions = {}): Promise<Tally> {
  const tally = emptyTally();
  const [onTime, late] = plan.waves;
  await sendWave(onTime, sender, tally, options);
  if (late.length > 0 && options.betweenWaves) await options.betweenWaves();
  await sendWave(late, sender, tally, options);
  return tally;
}

async function sendWave(batches: readonly Batch[], sender: BatchSender, tally: Tally, options: DeliverOptions) {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] as Batch;
      const result = await sender.send(batch);
      const t = tally[batch.feed];
      t.sent += batch.records.length;
      t.accepted += result.accepted;
      t.rejected += result.rejected;
      options.onBatch?.(batch, tally);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
}
