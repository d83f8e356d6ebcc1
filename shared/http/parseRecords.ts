/**
 * Turns a JSON body into the list of submitted records: an array is a batch, anything else is
 * one record (which validation then accepts or rejects). An empty array is refused: it has
 * nothing to accept, and a 400 without a reason would leave the caller guessing.
 */
export type ParsedRecords = { ok: true; records: unknown[] } | { ok: false; error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true }); // strips a leading BOM, refuses invalid UTF-8

export function parseRecords(bytes: Uint8Array): ParsedRecords {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: 'body is not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: false, error: 'body is empty: send one JSON record or an array of records' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `body is not valid JSON: ${(error as Error).message}` };
  }
  if (Array.isArray(value) && value.length === 0) {
    return { ok: false, error: 'body is an empty array: send at least one record' };
  }
  return { ok: true, records: Array.isArray(value) ? value : [value] };
}
