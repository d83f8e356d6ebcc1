/**
 * The integration test against a deployed environment: send a data set to the Function App
 * (HTTP routes; BPM through the gateway route, which publishes to Event Hubs, or straight to
 * Event Hubs), then poll gold through the SQL warehouse until it equals the expected export or
 * the time is up. Every dependency is passed in, so the logic runs against fakes here and
 * against Azure in the pipeline (scripts/integration-test.mjs).
 */
import type { FeedName } from '../feeds/registry.js';
import type { GoldTables } from '../report/goldTables.js';
import { compareGold, type GoldComparison } from '../simulator/compareGold.js';
import { BATCH_SIZE, type Batch } from '../simulator/delivery.js';
import type { BatchSender } from '../simulator/senders.js';

/** Reads the two gold tables (the contract's columns) from wherever gold lives. */
export interface GoldReader {
  read(): Promise<GoldTables>;
  close(): Promise<void>;
}

/** Registrations and profiles first, so the lake sees users before their readings (order does not change gold). */
export const SEND_ORDER: readonly FeedName[] = ['registration', 'profile', 'gym_visit', 'workout', 'bpm'];

export function toBatches(records: Record<FeedName, unknown[]>, batchSize = BATCH_SIZE): Batch[] {
  const batches: Batch[] = [];
  for (const feed of SEND_ORDER) {
    const rows = records[feed] ?? [];
    for (let i = 0; i < rows.length; i += batchSize[feed])
      batches.push({ feed, records: rows.slice(i, i + batchSize[feed]), broken: 0 });
  }
  return batches;
}

export interface SendTally {
  sent: number;
  accepted: number;
  rejected: number;
}

/** Sends every batch in order; a batch the API partly rejects is an error (the data set was valid). */
export async function sendAll(sender: BatchSender, batches: readonly Batch[]): Promise<SendTally> {
  const tally: SendTally = { sent: 0, accepted: 0, rejected: 0 };
  for (const batch of batches) {
    const result = await sender.send(batch);
    tally.sent += batch.records.length;
    tally.accepted += result.accepted;
    tally.rejected += result.rejected;
  }
  if (tally.rejected > 0) throw new Error(`the API rejected ${tally.rejected} of ${tally.sent} valid records`);
  return tally;
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onPoll?: (comparison: GoldComparison, elapsedMs: number) => void;
}

/** Polls gold until it matches `expected` (ok) or the time is up (the last comparison says what differs). */
export async function waitForGold(
  reader: GoldReader,
  expected: GoldTables,
  options: WaitOptions,
): Promise<{ ok: boolean; comparison: GoldComparison; polls: number }> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const started = now();
  for (let polls = 1; ; polls++) {
    let comparison: GoldComparison;
    try {
      comparison = compareGold(await reader.read(), expected);
    } catch (error) {
      // Before the first pipeline run the gold tables do not exist yet: keep waiting.
      if (now() - started + options.pollMs > options.timeoutMs) throw error;
      await sleep(options.pollMs);
      continue;
    }
    options.onPoll?.(comparison, now() - started);
    if (comparison.ok) return { ok: true, comparison, polls };
    if (now() - started + options.pollMs > options.timeoutMs) return { ok: false, comparison, polls };
    await sleep(options.pollMs);
  }
}

/** One line per table: expected / actual / matched / missing / unexpected / different. */
export function describeComparison(comparison: GoldComparison): string {
  return (['workoutBpmSummary', 'gymSummary'] as const)
    .map((table) => {
      const t = comparison[table];
      return `${table}: expected ${t.expected}, actual ${t.actual}, matched ${t.matched}, missing ${t.missing.length}, unexpected ${t.unexpected.length}, different ${t.different.length}`;
    })
    .join('\n');
}
