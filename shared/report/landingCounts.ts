/**
 * Reads the landing zone (layout in docs/landing.md) for the report: how many records of each
 * feed were landed and how many were quarantined, and the kiosk login times (for the busiest
 * hours, when the gold export does not carry them).
 */
import { gunzipSync } from 'node:zlib';
import type { LandingStore } from '../landing/LandingStore.js';
import { FEED_NAMES, type FeedName } from '../feeds/registry.js';

export interface FeedQuality {
  feed: FeedName;
  landed: number;
  quarantined: number;
}

async function readLines(store: LandingStore, relPath: string): Promise<string[]> {
  const raw = await store.read(relPath);
  const text = (relPath.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Data files only: Spark-style hidden files (temporary writes start with `.`) are skipped. */
async function dataFiles(store: LandingStore, prefix: string): Promise<string[]> {
  const files = await store.list(prefix);
  return files.filter((f) => /\.ndjson(\.gz)?$/.test(f) && !(f.split('/').pop() ?? '').startsWith('.'));
}

/** Records landed and quarantined per feed, in registry order. */
export async function countLanding(store: LandingStore): Promise<FeedQuality[]> {
  const out: FeedQuality[] = [];
  for (const feed of FEED_NAMES) {
    let landed = 0;
    for (const file of await dataFiles(store, `${feed}/`)) landed += (await readLines(store, file)).length;
    let quarantined = 0;
    for (const file of await dataFiles(store, `quarantine/${feed}/`))
      quarantined += (await readLines(store, file)).length;
    out.push({ feed, landed, quarantined });
  }
  return out;
}

/** Distinct kiosk logins (one per mac, gym and login) landed, as epoch seconds. */
export async function landedGymLogins(store: LandingStore): Promise<number[]> {
  const seen = new Map<string, number>();
  for (const file of await dataFiles(store, 'gym_visit/')) {
    for (const line of await readLines(store, file)) {
      const r = JSON.parse(line) as { mac_address: string; gym: number; login: number };
      seen.set(`${r.mac_address}|${r.gym}|${r.login}`, r.login);
    }
  }
  return [...seen.values()];
}
