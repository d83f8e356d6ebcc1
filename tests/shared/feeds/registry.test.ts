import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_DIR } from '../../../shared/config/paths.js';
import { FEEDS, FEED_NAMES, isFeedName, parseFeedRegistry } from '../../../shared/feeds/registry.js';

describe('feed registry (schemas/feeds.json)', () => {
  it('lists exactly the feeds that have a JSON Schema, so FeedName (generated from the schemas) fits the data', () => {
    const schemaFeeds = readdirSync(SCHEMA_DIR)
      .filter((f) => f.endsWith('.schema.json'))
      .map((f) => f.replace('.schema.json', ''));
    expect([...FEED_NAMES].sort()).toEqual(schemaFeeds.sort());
    for (const feed of FEED_NAMES) expect(FEEDS[feed].schemaFile).toBe(`${feed}.schema.json`);
  });

  it('gives every feed its own route and function name; only bpm goes through Event Hubs', () => {
    const defs = Object.values(FEEDS);
    expect(new Set(defs.map((d) => d.route)).size).toBe(defs.length);
    expect(new Set(defs.map((d) => d.httpFunctionName)).size).toBe(defs.length);
    expect(defs.filter((d) => d.transport === 'eventhub').map((d) => d.name)).toEqual(['bpm']);
    expect(isFeedName('gym_visit')).toBe(true);
    expect(isFeedName('toString')).toBe(false);
  });

  it('rejects a malformed registry with a message naming the entry and field', () => {
    const good = { name: 'bpm', route: 'bpm', httpFunctionName: 'bpmGateway', transport: 'eventhub' };
    expect(() => parseFeedRegistry({})).toThrow(/expected \{"feeds"/);
    expect(() => parseFeedRegistry({ feeds: [{ ...good, route: '' }] })).toThrow(/feeds\[0\]\.route/);
    expect(() => parseFeedRegistry({ feeds: [{ ...good, transport: 'ftp' }] })).toThrow(/feed bpm: transport/);
    expect(() => parseFeedRegistry({ feeds: [good, good] })).toThrow(/listed twice/);
  });
});
