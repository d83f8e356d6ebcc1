/**
 * An Event Hubs event body as the Functions Node.js worker hands it over: an already parsed
 * JSON value, JSON text, or bytes (Buffer/Uint8Array) depending on how the producer encoded
 * it and on the binding's dataType. Always returns the JSON value or a reason.
 */
import { MAX_RECORD_DEPTH, MAX_RECORD_MEMBERS, scanJsonLayout, spanRefusal } from '../http/jsonSpans.js';

/** `text` is the body as received, when it came as text or UTF-8 bytes (quarantine keeps it). */
export type DecodedBody =
  { ok: true; value: unknown; text?: string } | { ok: false; error: string; raw: string; encoding: 'utf-8' | 'base64' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const COMMA = 0x2c;
/** Fewer `{`, `[` and `,` than this and the layout scan cannot refuse the text: nesting past
 *  MAX_RECORD_DEPTH needs that many opening characters, a too-wide container that many commas. */
const REFUSABLE_FROM = Math.min(MAX_RECORD_DEPTH + 1, MAX_RECORD_MEMBERS);

/** True when the text has too few structural characters to be refused (most events: a handful). */
function tooPlainToRefuse(text: string): boolean {
  if (text.length < REFUSABLE_FROM) return true;
  let structural = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if ((c === OPEN_BRACE || c === OPEN_BRACKET || c === COMMA) && ++structural >= REFUSABLE_FROM) return false;
  }
  return true;
}

/** Why the layout scan refuses the text, or undefined. */
function layoutRefusal(text: string): string | undefined {
  if (tooPlainToRefuse(text)) return undefined; // skips the wrapped copy and the scan's spans
  // Wrapped in [ ], the body is one span whatever its top-level type.
  const hostile = scanJsonLayout(`[${text}]`).spans.find((span) => spanRefusal(span) !== undefined);
  return hostile && spanRefusal(hostile);
}

function parseJsonText(text: string): DecodedBody {
  const reason = layoutRefusal(text);
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
