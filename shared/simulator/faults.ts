/**
 * Deliberately broken copies of valid records (opt-in with --invalid-rate), so that a demo
 * shows the quarantine at work. Each breaks one schema rule a real producer could break.
 */
import type { FeedName } from '../feeds/registry.js';
import type { Random } from './random.js';
import type { TimedRecord } from './records.js';

type Breakage = (record: Record<string, unknown>, rng: Random) => Record<string, unknown>;

const COMMON: readonly Breakage[] = [
  (r) => ({ ...r, firmware: '2.1.0' }), // unknown field
  (r) => Object.fromEntries(Object.entries(r).slice(1)), // first required field missing
];

const BY_FEED: Record<FeedName, readonly Breakage[]> = {
  registration: [(r) => ({ ...r, mac_address: 'not-a-mac' }), (r) => ({ ...r, registration_timestamp: 0 })],
  profile: [(r) => ({ ...r, update_type: 'upsert' }), (r) => ({ ...r, dob: '31/12/1990' })],
  bpm: [(r) => ({ ...r, device_id: -1 }), (r) => ({ ...r, time: String(r['time']) })],
  workout: [(r) => ({ ...r, action: 'pause' }), (r) => ({ ...r, timestamp: 4_200_000_000 })],
  gym_visit: [(r) => ({ ...r, gym: 0 }), (r, rng) => ({ ...r, logout: (r['login'] as number) - rng.int(60, 600) })],
};

/** A copy of `item` that fails its feed's schema. */
export function breakRecord(item: TimedRecord, rng: Random): { feed: FeedName; record: unknown; at: number } {
  const breakage = rng.pick([...COMMON, ...BY_FEED[item.feed]]);
  return { feed: item.feed, record: breakage({ ...item.record } as Record<string, unknown>, rng), at: item.at };
}
