/**
 * The one feed registry: every feed's schema, HTTP route, transport, deduplication key and
 * landing folder. Functions, the local host, the backfill, the Spark jobs' docs and the
 * README all derive from this list; add a feed here and nowhere else.
 */
import type { FeedRecordMap } from './generated/types.js';

export type FeedName = keyof FeedRecordMap;

export interface FeedDefinition<F extends FeedName = FeedName> {
  /** Contract feed name; also the landing folder name. */
  readonly name: F;
  /** File name of the JSON Schema in `schemas/`. */
  readonly schemaFile: `${F}.schema.json`;
  /** HTTP route under `/api/`. */
  readonly route: string;
  /** Azure Functions function name of the HTTP endpoint. */
  readonly httpFunctionName: string;
  /** How producers deliver it: straight to landing, or through Event Hubs. */
  readonly transport: 'http' | 'eventhub';
  /** Natural key that silver deduplicates on (contract §3). */
  readonly dedupKey: readonly (keyof FeedRecordMap[F] & string)[];
  /** Landing folder under the landing root. */
  readonly landingFolder: F;
}

function defineFeed<F extends FeedName>(
  def: Omit<FeedDefinition<F>, 'schemaFile' | 'landingFolder'>,
): FeedDefinition<F> {
  return { ...def, schemaFile: `${def.name}.schema.json`, landingFolder: def.name };
}

export const FEEDS = {
  registration: defineFeed({
    name: 'registration',
    route: 'registrations',
    httpFunctionName: 'registrations',
    transport: 'http',
    dedupKey: ['user_id', 'registration_timestamp'],
  }),
  profile: defineFeed({
    name: 'profile',
    route: 'profiles',
    httpFunctionName: 'profiles',
    transport: 'http',
    dedupKey: ['user_id', 'timestamp', 'update_type'],
  }),
  bpm: defineFeed({
    name: 'bpm',
    route: 'bpm',
    httpFunctionName: 'bpmGateway',
    transport: 'eventhub',
    dedupKey: ['device_id', 'time'],
  }),
  workout: defineFeed({
    name: 'workout',
    route: 'workouts',
    httpFunctionName: 'workouts',
    transport: 'http',
    dedupKey: ['user_id', 'workout_id', 'session_id', 'action'],
  }),
  gym_visit: defineFeed({
    name: 'gym_visit',
    route: 'gym-visits',
    httpFunctionName: 'gymVisits',
    transport: 'http',
    dedupKey: ['mac_address', 'gym', 'login'],
  }),
} as const satisfies { [F in FeedName]: FeedDefinition<F> };

export const FEED_NAMES = Object.keys(FEEDS) as FeedName[];

export function isFeedName(value: string): value is FeedName {
  return Object.hasOwn(FEEDS, value);
}
