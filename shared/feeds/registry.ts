/**
 * The one feed registry: every feed's schema, HTTP route, function name and transport. The data
 * lives in `schemas/feeds.json`, which the Spark jobs read too (`feed_schemas.py`); this module
 * types and checks it. Functions, the local host, the backfill and the README derive from it:
 * add a feed there (and its `<name>.schema.json`) and nowhere else. A feed's landing folder is
 * its name; the key silver deduplicates it on is the silver rule's (contract §3).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SCHEMA_DIR } from '../config/paths.js';
import type { FeedRecordMap } from './generated/types.js';

export type FeedName = keyof FeedRecordMap;

export type FeedTransport = 'http' | 'eventhub';

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
  readonly transport: FeedTransport;
}

export const FEED_REGISTRY_FILE = path.join(SCHEMA_DIR, 'feeds.json');

const TRANSPORTS: readonly string[] = ['http', 'eventhub'] satisfies FeedTransport[];

/** Parses `schemas/feeds.json`; a malformed entry stops start-up with a message naming the feed and field. */
export function parseFeedRegistry(json: unknown): { [F in FeedName]: FeedDefinition<F> } {
  const feeds = (json as { feeds?: unknown } | null)?.feeds;
  if (!Array.isArray(feeds)) throw new Error(`${FEED_REGISTRY_FILE}: expected {"feeds": [...]}`);
  const out: Record<string, FeedDefinition> = {};
  for (const [index, entry] of feeds.entries()) {
    const item = (entry ?? {}) as Record<string, unknown>;
    const text = (field: string): string => {
      const value = item[field];
      if (typeof value !== 'string' || value === '') {
        throw new Error(`${FEED_REGISTRY_FILE}: feeds[${index}].${field} must be a non-empty string`);
      }
      return value;
    };
    const name = text('name') as FeedName;
    const transport = text('transport');
    if (!TRANSPORTS.includes(transport)) {
      throw new Error(`${FEED_REGISTRY_FILE}: feed ${name}: transport must be one of ${TRANSPORTS.join(', ')}`);
    }
    if (Object.hasOwn(out, name)) throw new Error(`${FEED_REGISTRY_FILE}: feed ${name} is listed twice`);
    out[name] = {
      name,
      schemaFile: `${name}.schema.json`,
      route: text('route'),
      httpFunctionName: text('httpFunctionName'),
      transport: transport as FeedTransport,
    };
  }
  return out as { [F in FeedName]: FeedDefinition<F> };
}

export const FEEDS: { readonly [F in FeedName]: FeedDefinition<F> } = parseFeedRegistry(
  JSON.parse(readFileSync(FEED_REGISTRY_FILE, 'utf8')),
);

export const FEED_NAMES = Object.keys(FEEDS) as FeedName[];

export function isFeedName(value: string): value is FeedName {
  return Object.hasOwn(FEEDS, value);
}
