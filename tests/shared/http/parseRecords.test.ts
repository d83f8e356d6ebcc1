import { describe, expect, it } from 'vitest';
import { parseRecords } from '../../../shared/http/parseRecords.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseRecords', () => {
  it('treats an array as a batch and anything else as one record', () => {
    expect(parseRecords(bytes('[{"a":1},{"a":2}]'))).toEqual({ ok: true, records: [{ a: 1 }, { a: 2 }] });
    expect(parseRecords(bytes('{"a":1}'))).toEqual({ ok: true, records: [{ a: 1 }] });
    expect(parseRecords(bytes('42'))).toEqual({ ok: true, records: [42] });
  });

  it("says the body is not valid JSON, followed by the parser's message", () => {
    const parsed = parseRecords(bytes('{"a":1,}'));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^body is not valid JSON: \S/);
  });

  it('refuses an empty array, saying so', () => {
    expect(parseRecords(bytes(' [ ] '))).toEqual({
      ok: false,
      error: 'body is an empty array: send at least one record',
    });
  });

  it('accepts a UTF-8 BOM and refuses invalid UTF-8 and empty bodies', () => {
    expect(parseRecords(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('[1]')]))).toEqual({ ok: true, records: [1] });
    expect(parseRecords(new Uint8Array([0x5b, 0xff, 0x5d]))).toEqual({ ok: false, error: 'body is not valid UTF-8' });
    expect(parseRecords(bytes('  \n'))).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
  });
});
