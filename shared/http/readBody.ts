/**
 * Reads a request body without ever holding more than `limit` + one chunk: the declared
 * Content-Length is checked first, then the bytes actually received, so an oversized body
 * is refused (413) before any parsing.
 */
export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; reason: 'too-large'; limit: number };

/** Content-Length above the limit (an unparsable header is left to the byte count). */
export function declaresTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength || !/^\d+$/.test(contentLength.trim())) return false;
  return Number(contentLength) > limit;
}

export async function readBodyWithin(
  body: AsyncIterable<Uint8Array> | null | undefined,
  limit: number,
): Promise<BodyRead> {
  if (!body) return { ok: true, bytes: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) return { ok: false, reason: 'too-large', limit };
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}
