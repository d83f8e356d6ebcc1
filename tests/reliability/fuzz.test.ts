/**
 * Property-based fuzzing (fast-check) of the HTTP ingest core and the Event Hubs core (issue 11).
 * Inputs: arbitrary JSON, arbitrary bytes, valid records with one mutation, deep nesting, huge
 * strings and numbers beyond 2^53, alone or in batches. Properties: never a 5xx unless storage
 * failed; every record is landed or quarantined exactly once; every landed record passes the
 * independent contract check (tests/support/contract.ts); the response always parses.
 *
 * `npm test` runs FUZZ_RUNS (default 1,000) cases per property; `npm run fuzz` runs 100,000 per
 * property (FUZZ_SEED replays a reported failure).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleIngest, type IngestRequest } from '../../shared/http/ingest.js';
import { landBpmEvents } from '../../shared/eventhub/landBpmEvents.js';
import { FEED_NAMES, type FeedName } from '../../shared/feeds/registry.js';
import { MemoryLandingStore } from '../support/memoryLandingStore.js';
import { LandingWriter } from '../../shared/landing/writer.js';
import { loadSchema } from '../../shared/validation/validator.js';
import { contractViolation } from '../support/contract.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1000);
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number(process.env['FUZZ_SEED']);
const options = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };
const TIMEOUT = Math.max(30_000, RUNS * 5);

const examples = Object.fromEntries(
  FEED_NAMES.map((feed) => [feed, (loadSchema(feed)['examples'] as Record<string, unknown>[])[0]]),
) as Record<FeedName, Record<string, unknown>>;

/** Nested arrays/objects `depth` levels deep, as text. */
const deepText = fc
  .tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean())
  .map(([depth, objects]) =>
    objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth),
  );

/** A JSON number past 2^53 or past double range, as text. */
const hugeNumber = fc.oneof(
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 70n }).map(String),
  fc.constantFrom('1e400', '-1e400', '9007199254740993', '1e-400'),
);

const hugeString = fc.oneof(
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.integer({ min: 100, max: 20_000 }).map((n) => 'a'.repeat(n)),
  fc.constantFrom('\u0000', '\uD800', 'x\uDC00', '\u007F', 'Zoë 😀'),
);

/** A valid record of `feed` with one field replaced, removed, or one field added. */
function mutated(feed: FeedName): fc.Arbitrary<string> {
  const base = examples[feed];
  const keys = Object.keys(base);
  const value = fc.oneof(
    fc.jsonValue(),
    hugeString.map((s) => JSON.stringify(s)).map((t) => ({ raw: t })),
    hugeNumber.map((t) => ({ raw: t })),
  );
  return fc.tuple(fc.constantFrom(...keys, '__new__'), fc.constantFrom('set', 'delete'), value).map(([key, op, v]) => {
    if (op === 'delete') return JSON.stringify(Object.fromEntries(Object.entries(base).filter(([k]) => k !== key)));
    const record: Record<string, unknown> = { ...base };
    // Raw text values are spliced in as JSON text (numbers past 2^53 must not pass through a double).
    const marker = '"__RAW__"';
    record[key] = typeof v === 'object' && v !== null && 'raw' in v ? '__RAW__' : v;
    const text = JSON.stringify(record);
    return typeof v === 'object' && v !== null && 'raw' in v ? text.replace(marker, (v as { raw: string }).raw) : text;
  });
}

/** One record's JSON text. */
function recordText(feed: FeedName): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: mutated(feed) },
    { weight: 2, arbitrary: fc.constant(JSON.stringify(examples[feed])) },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: deepText },
    { weight: 1, arbitrary: hugeNumber },
    { weight: 1, arbitrary: hugeString.map((s) => JSON.stringify(s)) },
  );
}

/** A request body: one record, a batch of records, or arbitrary bytes. */
function body(feed: FeedName): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 3, arbitrary: recordText(feed).map((t) => Buffer.from(t)) },
    {
      weight: 4,
      arbitrary: fc.array(recordText(feed), { maxLength: 12 }).map((ts) => Buffer.from(`[${ts.join(',')}]`)),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s)) },
  );
}

/** Records in a body, counted by V8's own (iterative) JSON.parse: an array is a batch. */
function recordCount(bytes: Uint8Array): number {
  const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  return Array.isArray(value) ? value.length : 1;
}

function request(bytes: Uint8Array): IngestRequest {
  return {
    method: 'POST',
    headers: { get: (name) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
    body: (async function* () {
      yield bytes;
    })(),
  };
}

describe('fuzz: HTTP ingest core', () => {
  it(
    'never 5xx without a storage failure; each record landed or quarantined once; landed records keep the contract; the response parses',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...FEED_NAMES),
          fc.constantFrom(...FEED_NAMES).chain((feed) => body(feed)),
          fc.boolean(),
          async (feed, bytes, storageFails) => {
            // The real writer over a memory store: serialising what lands is part of the path under test.
            const store = new MemoryLandingStore();
            store.failing = storageFails;
            const writer = new LandingWriter(store);
            const response = await handleIngest(request(bytes), {
              feed,
              maxBodyBytes: 1024 * 1024,
              accept: (records) => writer.landBatch(feed, records, 'http'),
              quarantine: (rejected) => writer.quarantine(feed, rejected, 'http'),
            });
            const landed = store.lines(`${feed}/`);
            const quarantined = store.lines(`quarantine/${feed}/`);
            // The response always parses, as JSON, to an error or a summary.
            const answer = JSON.parse(JSON.stringify(response.jsonBody)) as Record<string, unknown>;
            expect(typeof answer['error'] === 'string' || typeof answer['accepted'] === 'number').toBe(true);
            if (response.status >= 500) {
              expect(storageFails).toBe(true);
              expect(response.status).toBe(503);
              expect(response.headers?.['Retry-After']).toBeDefined();
              return;
            }
            expect([202, 400, 413]).toContain(response.status);
            if (!('accepted' in response.jsonBody)) return; // refused as a whole (bad JSON, ...): nothing stored
            const summary = response.jsonBody;
            const submitted = recordCount(bytes);
            if (storageFails) expect(submitted).toBe(0); // a summary with storage down: nothing needed storing
            expect(summary.accepted + summary.rejected.length).toBe(submitted);
            expect(landed).toHaveLength(summary.accepted);
            const indexes = quarantined.map((r) => r['index']);
            expect(summary.rejected.map((r) => r.index)).toEqual(indexes);
            expect(new Set(indexes).size).toBe(indexes.length);
            expect(indexes.every((i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < submitted)).toBe(
              true,
            );
            for (const line of quarantined) expect(typeof line['raw']).toBe('string');
            for (const record of landed) expect(contractViolation(feed, record)).toBeUndefined();
          },
        ),
        options,
      );
    },
    TIMEOUT,
  );
});

/** One Event Hubs event body as the worker may hand it over: parsed JSON, JSON text, or bytes. */
const eventBody: fc.Arbitrary<unknown> = fc.oneof(
  recordText('bpm').map((t) => {
    try {
      return JSON.parse(t) as unknown; // already parsed by the worker
    } catch {
      return t;
    }
  }),
  recordText('bpm'),
  recordText('bpm').map((t) => Buffer.from(t)),
  fc.uint8Array({ maxLength: 200 }),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => {
    let v: unknown = [];
    for (let i = 0; i < depth; i += 1) v = [v];
    return v;
  }),
);

describe('fuzz: Event Hubs core', () => {
  it(
    'completes unless storage fails; every event is landed or quarantined once; landed readings keep the contract',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(eventBody, { maxLength: 20 }), fc.boolean(), async (events, storageFails) => {
          const store = new MemoryLandingStore();
          store.failing = storageFails;
          const writer = new LandingWriter(store);
          const outcome = landBpmEvents(events, undefined, writer);
          if (storageFails && events.length > 0) {
            await expect(outcome).rejects.toThrow('storage down');
            return;
          }
          const result = await outcome;
          expect(result.accepted + result.rejected).toBe(events.length);
          const landed = store.lines('bpm/');
          const quarantined = store.lines('quarantine/bpm/');
          expect(landed).toHaveLength(result.accepted);
          expect(quarantined.map((q) => q['index'])).toEqual([...new Set(quarantined.map((q) => q['index']))]);
          expect(quarantined).toHaveLength(result.rejected);
          for (const reading of landed) expect(contractViolation('bpm', reading)).toBeUndefined();
          for (const line of quarantined) expect(typeof line['raw']).toBe('string');
        }),
        options,
      );
    },
    TIMEOUT,
  );
});
