import { describe, expect, it } from 'vitest';
import { bodyTexts, rememberBodyTexts, wireText } from '../../../shared/eventhub/bodyTexts.js';
import { eventsDigest } from '../../../shared/eventhub/eventsDigest.js';
import { landBpmEvents } from '../../../shared/eventhub/landBpmEvents.js';
import { LandingWriter } from '../../../shared/landing/writer.js';
import { MemoryLandingStore } from '../../support/memoryLandingStore.js';

describe('wireText', () => {
  it('is JSON.stringify, and a copy parsed from it serialises to exactly that text', () => {
    const values: unknown[] = [
      { device_id: 7, time: 1678521600.125, heartrate: -0 },
      { b: 1e21, a: [1, 'é€😀\u2028', null, { z: true }], c: 5e-324, '\u0000': 'x"\\' },
      'text',
      42,
      null,
      [],
    ];
    for (const value of values) {
      const text = wireText(value);
      expect(text).toBe(JSON.stringify(value));
      expect(JSON.stringify(JSON.parse(text))).toBe(text);
    }
  });

  it('throws for a value without JSON text, as JSON.parse(JSON.stringify(value)) did', () => {
    expect(() => wireText(undefined)).toThrow();
    expect(() => wireText(() => 1)).toThrow();
    expect(() => wireText({ n: 1n })).toThrow();
  });
});

describe('bodyTexts', () => {
  it('gives the texts remembered for exactly that array, and nothing once the array changed length', () => {
    const bodies: unknown[] = [{ a: 1 }, { a: 2 }];
    rememberBodyTexts(bodies, ['{"a":1}', '{"a":2}']);
    expect(bodyTexts(bodies)).toEqual(['{"a":1}', '{"a":2}']);
    expect(bodyTexts([...bodies])).toBeUndefined();
    bodies.push({ a: 3 });
    expect(bodyTexts(bodies)).toBeUndefined();
  });

  it('remembers nothing when the counts differ', () => {
    const bodies = [{ a: 1 }];
    rememberBodyTexts(bodies, []);
    expect(bodyTexts(bodies)).toBeUndefined();
  });
});

describe('eventsDigest and landBpmEvents with remembered texts', () => {
  const metadata = (n: number): Record<string, unknown> => ({
    partitionContext: { partitionId: '1' },
    sequenceNumberArray: Array.from({ length: n }, (_, i) => 500 + i),
    enqueuedTimeUtcArray: Array.from({ length: n }, () => '2026-03-01T10:00:00Z'),
  });
  const hubCopies = (values: unknown[]): unknown[] => {
    const texts = values.map(wireText);
    const bodies = texts.map((text) => JSON.parse(text) as unknown);
    rememberBodyTexts(bodies, texts);
    return bodies;
  };

  it('lands the same name and bytes as the same bodies without texts', async () => {
    const values = [
      { device_id: 7, time: 1678521600.5, heartrate: 71.25 },
      { device_id: 7, time: 1678521601, heartrate: null },
      { device_id: 'x', time: 1, heartrate: 2 },
    ];
    const now = (): Date => new Date('2026-03-01T10:00:01Z'); // the quarantine line's received_at
    const withTexts = new MemoryLandingStore();
    const plain = new MemoryLandingStore();
    const a = await landBpmEvents(hubCopies(values), metadata(3), new LandingWriter(withTexts, { now }));
    const b = await landBpmEvents(structuredClone(values), metadata(3), new LandingWriter(plain, { now }));
    expect(a.landed?.path).toBe(b.landed?.path);
    expect(a).toMatchObject({ accepted: 2, rejected: 1 });
    expect([...withTexts.files]).toEqual([...plain.files]);
  });

  it('uses the remembered texts instead of serialising the bodies again', async () => {
    const bodies = [{ device_id: 7, time: 1678521600, heartrate: 70 }];
    // A text that is not JSON.stringify of its body shows where the texts are used.
    rememberBodyTexts(bodies, ['{"device_id":7,  "time":1678521600,"heartrate":70}']);
    const store = new MemoryLandingStore();
    const outcome = await landBpmEvents(bodies, metadata(1), new LandingWriter(store));
    expect(store.bytes(outcome.landed).toString('utf8')).toBe('{"device_id":7,  "time":1678521600,"heartrate":70}\n');
    expect(outcome.batchId).not.toBe(`500-500-${eventsDigest([{ device_id: 7, time: 1678521600, heartrate: 70 }])}`);
  });

  it('still names an over-deep body as before (its text is not used)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i += 1) deep = [deep];
    const [body] = hubCopies([deep]);
    expect(eventsDigest([body], [JSON.stringify(deep)])).toBe(eventsDigest([deep]));
    expect(eventsDigest([{ a: 1 }], ['{"a":1}'])).toBe(eventsDigest([{ a: 1 }]));
  });
});
