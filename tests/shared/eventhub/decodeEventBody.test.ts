import { describe, expect, it } from 'vitest';
import { decodeEventBody } from '../../../shared/eventhub/decodeEventBody.js';

const reading = { device_id: 14, time: 1678521600.5, heartrate: 71.2 };

describe('decodeEventBody', () => {
  it('accepts an object, JSON text and UTF-8 bytes alike', () => {
    expect(decodeEventBody(reading)).toEqual({ ok: true, value: reading });
    const text = JSON.stringify(reading);
    expect(decodeEventBody(text)).toEqual({ ok: true, value: reading, text });
    expect(decodeEventBody(Buffer.from(text))).toEqual({ ok: true, value: reading, text });
    expect(decodeEventBody(new TextEncoder().encode(text))).toEqual({ ok: true, value: reading, text });
  });

  it('reports text that is not JSON, keeping the text', () => {
    expect(decodeEventBody('hr=71')).toEqual({
      ok: false,
      error: expect.stringMatching(/^body: not valid JSON/),
      raw: 'hr=71',
      encoding: 'utf-8',
    });
  });

  it('reports bytes that are not UTF-8, keeping them as base64', () => {
    expect(decodeEventBody(Buffer.from([0xff, 0xfe]))).toEqual({
      ok: false,
      error: 'body: not valid UTF-8',
      raw: '//4=',
      encoding: 'base64',
    });
  });

  it('refuses nesting past the limit before parsing, keeping the text', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(decodeEventBody(deep)).toEqual({
      ok: false,
      error: expect.stringMatching(/nested 5000 levels deep, more than the limit of 64/),
      raw: deep,
      encoding: 'utf-8',
    });
  });

  it('refuses a container of 65 members and 65-deep nesting, and parses 64 of each', () => {
    const members = (n: number): string => `[${Array.from({ length: n }, () => 0).join(',')}]`;
    expect(decodeEventBody(members(65))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/more than 64 members/),
    });
    expect(decodeEventBody(members(64))).toMatchObject({ ok: true });
    const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    expect(decodeEventBody(nested(65))).toMatchObject({ ok: false, error: expect.stringMatching(/nested 65 levels/) });
    expect(decodeEventBody(nested(64))).toMatchObject({ ok: true });
  });
});
