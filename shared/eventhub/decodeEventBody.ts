/**
 * An Event Hubs event body as the Functions Node.js worker hands it over: an already parsed
 * JSON value, JSON text, or bytes (Buffer/Uint8Array) depending on how the producer encoded
 * it and on the binding's dataType. Always returns the JSON value or a reason.
 */
export type DecodedBody = { ok: true; value: unknown } | { ok: false; error: string; raw: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJsonText(text: string): DecodedBody {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `body: not valid JSON (${(error as Error).message})`, raw: text };
  }
}

export function decodeEventBody(body: unknown): DecodedBody {
  if (body instanceof Uint8Array) {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return { ok: false, error: 'body: not valid UTF-8', raw: Buffer.from(body).toString('base64') };
    }
    return parseJsonText(text);
  }
  if (typeof body === 'string') return parseJsonText(body);
  return { ok: true, value: body };
}
