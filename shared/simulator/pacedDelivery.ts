/**
 * Live mode (`npm run demo -- --live`, the streaming bench): sends a delivery plan at the pace its records
 * happened, or `speed` times faster, so the lake fills as it would from real devices. The on-time wave goes
 * out batch by batch at each batch's time (see `PlanOptions.batchSpanSeconds`); the late wave follows at once,
 * as in `deliver`. Stopping early (`signal`) returns what was sent so far: the ground truth of a partial run.
 */
import { emptyTally, type Tally } from './deliver.js';
import type { Batch, DeliveryPlan } from './delivery.js';
import type { BatchSender } from './senders.js';

export interface PacedOptions {
  /** Simulated seconds per wall-clock second (1 = real time). */
  speed: number;
  /**
   * Longest wait for the next batch, in wall-clock ms: a quiet stretch of the simulated day (the night) is
   * skipped instead of waited for. Default: no limit.
   */
  maxWaitMs?: number;
  /**
   * Simulated time (epoch seconds) at which the pace starts: batches before it (registrations weeks before the
   * simulated days) go out at once. Default: the first batch's time.
   */
  from?: number;
  /** Stops sending (between two batches). */
  signal?: AbortSignal;
  onBatch?: (batch: Batch, tally: Tally) => void;
  /** Called when a quiet stretch is skipped, with the skipped wall-clock ms. */
  onSkip?: (skippedMs: number) => void;
  /** Clock and sleep (tests). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface PacedResult {
  tally: Tally;
  /** The batches sent, in order. */
  sent: Batch[];
  /** False when the signal stopped it before the end of the plan. */
  complete: boolean;
}

export async function deliverPaced(
  plan: DeliveryPlan,
  sender: BatchSender,
  options: PacedOptions,
): Promise<PacedResult> {
  if (!(options.speed > 0)) throw new Error('speed must be > 0');
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  const tally = emptyTally();
  const sent: Batch[] = [];
  const [onTime, late] = plan.waves;
  const first = Math.max(onTime[0]?.at ?? 0, options.from ?? Number.NEGATIVE_INFINITY);
  let origin = now(); // wall-clock ms at which simulated time `first` is due
  const send = async (batch: Batch) => {
    const result = await sender.send(batch);
    const t = tally[batch.feed];
    t.sent += batch.records.length;
    t.accepted += result.accepted;
    t.rejected += result.rejected;
    sent.push(batch);
    options.onBatch?.(batch, tally);
  };
  for (const batch of onTime) {
    let wait = origin + ((Math.max(batch.at ?? first, first) - first) * 1000) / options.speed - now();
    if (options.maxWaitMs !== undefined && wait > options.maxWaitMs) {
      origin -= wait - options.maxWaitMs;
      options.onSkip?.(wait - options.maxWaitMs);
      wait = options.maxWaitMs;
    }
    if (wait > 0) await sleep(wait, options.signal);
    if (options.signal?.aborted) return { tally, sent, complete: false };
    await send(batch);
  }
  for (const batch of late) {
    if (options.signal?.aborted) return { tally, sent, complete: false };
    await send(batch);
  }
  return { tally, sent, complete: true };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
