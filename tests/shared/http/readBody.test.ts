import { describe, expect, it } from 'vitest';
import { declaresTooLarge, readBodyWithin } from '../../../shared/http/readBody.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

describe('declaresTooLarge', () => {
  it('compares a declared Content-Length with the limit', () => {
    expect(declaresTooLarge('101', 100)).toBe(true);
    expect(declaresTooLarge('100', 100)).toBe(false);
    expect(declaresTooLarge(null, 100)).toBe(false);
    expect(declaresTooLarge('lots', 100)).toBe(false);
  });
});

describe('readBodyWithin', () => {
  it('joins the chunks of a body within the limit', async () => {
    const read = await readBodyWithin(chunks('[{"a"', ':1}]'), 10);
    expect(read.ok && read.bytes.toString()).toBe('[{"a":1}]');
  });

  it('stops at the first chunk past the limit, whatever the headers said', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield new Uint8Array(64);
      }
    }
    expect(await readBodyWithin(endless(), 100)).toEqual({ ok: false, reason: 'too-large', limit: 100 });
    expect(pulled).toBe(2);
  });

  it('reads a missing body as empty', async () => {
    const read = await readBodyWithin(null, 10);
    expect(read.ok && read.bytes.length).toBe(0);
  });
});
