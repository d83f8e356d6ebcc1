/**
 * Turns a JSON body into the list of submitted records: an array is a batch, anything else is
 * one record (which validation then accepts or rejects). An empty array is refused: it has
 * nothing to accept, and a 400 without a reason would leave the caller guessing.
 * Each record keeps its original text (what quarantine stores), and a hostile record (nested past
 * MAX_RECORD_DEPTH, or with a container of more than MAX_RECORD_MEMBERS members) is never handed
 * to `JSON.parse`: it becomes an UnparsedRecord that validation rejects with the reason, while the
 * rest of the batch goes on.
 */
import { UnparsedRecord } from '../validation/validator.js';
import { scanJsonLayout, spanRefusal, type JsonLayout } from './jsonSpans.js';

export type ParsedRecords = { ok: true; records: unknown[]; texts?: string[] } | { ok: false; error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true }); // strips a leading BOM, refuses invalid UTF-8

/** The text with every refused record replaced by `null`, so that the rest can be parsed safely. */
function withoutRefusedRecords(text: string, layout: JsonLayout): string {
  let out = '';
  let from = 0;
  for (const span of layout.spans) {
    if (spanRefusal(span) === undefined) continue;
    out += text.slice(from, span.start) + 'null';
    from = span.end;
  }
  return out + text.slice(from);
}

export function parseRecords(bytes: Uint8Array): ParsedRecords {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: 'body is not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: false, error: 'body is empty: send one JSON record or an array of records' };
  const layout = scanJsonLayout(text);
  const refused = layout.spans.some((span) => spanRefusal(span) !== undefined);
  if (refused && !layout.batch) {
    const [span] = layout.spans as [JsonLayout['spans'][number]];
    return {
      ok: true,
      records: [new UnparsedRecord(spanRefusal(span) as string)],
      texts: [text.slice(span.start, span.end)],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(refused ? withoutRefusedRecords(text, layout) : text);
  } catch (error) {
    return { ok: false, error: `body is not valid JSON: ${(error as Error).message}` };
  }
  if (Array.isArray(value) && value.length === 0) {
    return { ok: false, error: 'body is an empty array: send at least one record' };
  }
  const records = Array.isArray(value) ? value : [value];
  // The layout describes the text JSON.parse just accepted, so its spans are the records.
  if (layout.spans.length !== records.length) return { ok: true, records };
  const texts = layout.spans.map((span) => text.slice(span.start, span.end));
  layout.spans.forEach((span, i) => {
    const refusal = spanRefusal(span);
    if (refusal !== undefined) records[i] = new UnparsedRecord(refusal);
  });
  return { ok: true, records, texts };
}
