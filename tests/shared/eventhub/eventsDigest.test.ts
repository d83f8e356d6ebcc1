import { describe, expect, it } from 'vitest';
import { eventsDigest } from '../../../shared/eventhub/eventsDigest.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('eventsDigest', () => {
  it('gives the digests that one hash update per body gave (file names unchanged), across chunk edges', () => {
    // Values from the implementation before bodies were hashed per 64 KiB chunk.
    const big = bytes(JSON.stringify({ device_id: 1, time: 2, heartrate: 3, pad: 'x'.repeat(70000) }));
    const mixed = [
      bytes('{"device_id":7,"time":1678521600,"heartrate":71.5}'),
      '{"device_id":7,"time":1678521601,"heartrate":72}',
      { device_id: 7, time: 1678521602, heartrate: 73 },
      Buffer.from([0xff, 0xfe]),
      'hr=71',
      'é€😀',
      big,
      bytes('{"a":1}'),
    ];
    expect(eventsDigest(mixed)).toBe('be937bd8e7e6');
    expect(eventsDigest(Array.from({ length: 3000 }, (_, i) => bytes(`{"i":${i}}`)))).toBe('908d7520328b');
    expect(eventsDigest([])).toBe('e3b0c44298fc');
  });

  it('gives a redelivered batch the same 12 hex digits', () => {
    const batch = () => [bytes('{"device_id":1}'), '{"device_id":2}', { device_id: 3 }];
    expect(eventsDigest(batch())).toMatch(/^[0-9a-f]{12}$/);
    expect(eventsDigest(batch())).toBe(eventsDigest(batch()));
  });

  it('tells apart batches whose bytes differ in one position', () => {
    expect(eventsDigest([bytes('{"heartrate":71}')])).not.toBe(eventsDigest([bytes('{"heartrate":72}')]));
  });

  it('frames every body: the same bytes split differently are another batch', () => {
    expect(eventsDigest([bytes('ab'), bytes('c')])).not.toBe(eventsDigest([bytes('a'), bytes('bc')]));
    expect(eventsDigest([bytes('abc')])).not.toBe(eventsDigest([bytes('ab'), bytes('c')]));
  });

  it('tells apart the same text sent as bytes, as a string and as a parsed value', () => {
    const digests = new Set([eventsDigest([bytes('1')]), eventsDigest(['1']), eventsDigest([1])]);
    expect(digests.size).toBe(3);
  });

  it('hashes a Uint8Array view by its own bytes, not the whole underlying buffer', () => {
    const whole = bytes('xx{"a":1}yy');
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 2, 7);
    expect(eventsDigest([view])).toBe(eventsDigest([bytes('{"a":1}')]));
  });
});
