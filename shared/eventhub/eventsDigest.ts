/**
 * Short content digest of a batch of raw Event Hubs bodies, used in the landed file's name so that a
 * redelivered batch lands on the same name. Bytes are hashed as they are (no JSON.stringify, which
 * writes every byte of a Buffer as a decimal number and alone capped the handler at ~0.5 M events/s);
 * every body is framed by its kind and length, so two different batches never hash the same input.
 */
import { createHash, type Hash } from 'node:crypto';
import { MAX_RECORD_DEPTH, valueDepth } from '../http/jsonSpans.js';

function updateFramed(hash: Hash, kind: string, body: Uint8Array | string): void {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  hash.update(`${kind}${length}:`);
  hash.update(body);
}

export function eventsDigest(events: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const body of events) {
    if (body instanceof Uint8Array) updateFramed(hash, 'b', body);
    else if (typeof body === 'string') updateFramed(hash, 's', body);
    else updateFramed(hash, 'j', parsedBodyText(body));
  }
  return hash.digest('hex').slice(0, 12);
}

/** Text of an already-parsed body; never throws (an over-deep body would overflow JSON.stringify's stack). */
function parsedBodyText(body: unknown): string {
  if (valueDepth(body) > MAX_RECORD_DEPTH) return '(over-deep event)';
  try {
    return JSON.stringify(body) ?? 'undefined';
  } catch {
    return '(unserialisable event)';
  }
}
