import { describe, expect, it } from 'vitest';
import { parseRecords } from '../../../shared/http/parseRecords.js';
import { UnparsedRecord } from '../../../shared/validation/validator.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseRecords', () => {
  it('treats an array as a batch and anything else as one record', () => {
    expect(parseRecords(bytes('[{"a":1},{"a":2}]'))).toMatchObject({ ok: true, records: [{ a: 1 }, { a: 2 }] });
    expect(parseRecords(bytes('{"a":1}'))).toMatchObject({ ok: true, records: [{ a: 1 }] });
    expect(parseRecords(bytes('42'))).toMatchObject({ ok: true, records: [42] });
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
    expect(parseRecords(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('[1]')]))).toMatchObject({ ok: true, records: [1] });
    expect(parseRecords(new Uint8Array([0x5b, 0xff, 0x5d]))).toEqual({ ok: false, error: 'body is not valid UTF-8' });
    expect(parseRecords(bytes('  \n'))).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
  });

  it("keeps each record's original text, byte for byte (numbers past 2^53, 1e400, spacing)", () => {
    const body = '[ {"a": 9007199254740993} ,\n{"b":1e400},"x\\"y" , [1,[2]] ]';
    const parsed = parseRecords(bytes(body));
    expect(parsed).toMatchObject({ ok: true, texts: ['{"a": 9007199254740993}', '{"b":1e400}', '"x\\"y"', '[1,[2]]'] });
  });

  it('turns a record nested past the limit into an UnparsedRecord with the reason, and parses the rest', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const parsed = parseRecords(bytes(`[{"a":1},${deep},{"b":2}]`));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.records[0]).toEqual({ a: 1 });
    expect(parsed.records[1]).toBeInstanceOf(UnparsedRecord);
    expect((parsed.records[1] as UnparsedRecord).reason).toMatch(/nested 5000 levels deep, more than the limit of 64/);
    expect(parsed.records[2]).toEqual({ b: 2 });
    expect(parsed.texts?.[1]).toBe(deep);
    // A single over-deep record, and 64 levels exactly (allowed).
    expect(parseRecords(bytes(deep))).toMatchObject({ ok: true, records: [expect.any(UnparsedRecord)] });
    const sixtyFour = '['.repeat(64) + ']'.repeat(64);
    expect(parseRecords(bytes(`[${sixtyFour}]`))).toMatchObject({ ok: true, records: [JSON.parse(sixtyFour)] });
  });

  it('still reports a syntax error elsewhere in a batch that holds an over-deep record', () => {
    const deep = '['.repeat(100) + ']'.repeat(100);
    expect(parseRecords(bytes(`[${deep}, {"a":}]`))).toMatchObject({ ok: false });
  });
});
