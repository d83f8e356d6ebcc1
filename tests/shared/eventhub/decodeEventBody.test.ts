import { describe, expect, it } from 'vitest';
import { decodeEventBody } from '../../../shared/eventhub/decodeEventBody.js';

const reading = { device_id: 14, time: 1678521600.5, heartrate: 71.2 };

describe('decodeEventBody', () => {
  it('accepts an object, JSON text and UTF-8 bytes alike', () => {
    expect(decodeEventBody(reading)).toEqual({ ok: true, value: reading });
    expect(decodeEventBody(JSON.stringify(reading))).toEqual({ ok: true, value: reading });
    expect(decodeEventBody(Buffer.from(JSON.stringify(reading)))).toEqual({ ok: true, value: reading });
    expect(decodeEventBody(new TextEncoder().encode(JSON.stringify(reading)))).toEqual({ ok: true, value: reading });
  });

  it('reports text that is not JSON, keeping the text', () => {
    expect(decodeEventBody('hr=71')).toEqual({
      ok: false,
      error: expect.stringMatching(/^body: not valid JSON/),
      raw: 'hr=71',
    });
  });

  it('reports bytes that are not UTF-8, keeping them as base64', () => {
    expect(decodeEventBody(Buffer.from([0xff, 0xfe]))).toEqual({
      ok: false,
      error: 'body: not valid UTF-8',
      raw: '//4=',
    });
  });
});
