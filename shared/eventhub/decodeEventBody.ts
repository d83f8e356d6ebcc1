/**
 * An Event Hubs event body as the Functions Node.js worker hands it over: an already parsed
 * JSON value, JSON text, or bytes (Buffer/Uint8Array) depending on how the producer encoded
 * it and on the binding's dataType. Always returns the JSON value or a reason.
 */
import { scanJsonLayout, spanRefusal } from '../http/jsonSpans.js';

/** `text` is the body as received, when it came as text or UTF-8 bytes (quarantine keeps it). */
export type DecodedBody =
  { ok: true; value: unknown; text?: string } | { ok: false; error: string; raw: string; encoding: 'utf-8' | 'base64' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJsonText(text: string): DecodedBody {
  // Wrapped in [ ], the body is one span whatever its top-level type.
  const hostile = scanJsonLayout(`[${text}]`).spans.find((span) => spanRefusal(span) !== undefined);
  const reason = hostile && spanRefusal(hostile);
  if (reason !== undefined) return { ok: false, error: reason, raw: text, encoding: 'utf-8' };
  try {
    return { ok: true, value: JSON.parse(text), text };
  } catch (error) {
    return { ok: false, error: `body: not valid JSON (${(error as Error).message})`, raw: text, encoding: 'utf-8' };
  }
}

export function decodeEventBody(body: unknown): DecodedBody {
  if (body instanceof Uint8Array) {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return {
        ok: false,
        error: 'body: not valid UTF-8',
        raw: Buffer.from(body).toString('base64'),
        encoding: 'base64',
      };
    }
    return parseJsonText(text);
  }
  if (typeof body === 'string') return parseJsonText(body);
  return { ok: true, value: body };
}
