/**
 * One linear pass over JSON text, before any parsing: where each record of a batch starts and
 * ends (so quarantine can keep a record's original text) and how deeply it nests (so a record
 * nested past the limit is rejected before `JSON.parse`/`JSON.stringify` recurse into it and
 * overflow the stack). The pass never recurses and never allocates per character. Its result is
 * only trusted for text that `JSON.parse` then accepts.
 */

/** Nesting a record may have (an object holding an array is 2 levels). Deeper records are rejected. */
export const MAX_RECORD_DEPTH = 64;

/** Members one object or array inside a record may have; records have a handful. */
export const MAX_RECORD_MEMBERS = 64;

export interface JsonSpan {
  start: number;
  end: number;
  /** Deepest nesting inside the record (a scalar is 0, `{}` is 1). */
  depth: number;
  /** True when some object or array in the record has more than MAX_RECORD_MEMBERS members. */
  wide: boolean;
}

/** Why a record is refused before parsing, or undefined. */
export function spanRefusal(span: JsonSpan): string | undefined {
  if (span.depth > MAX_RECORD_DEPTH) {
    return `(record): nested ${span.depth} levels deep, more than the limit of ${MAX_RECORD_DEPTH}`;
  }
  if (span.wide) return `(record): an object or array with more than ${MAX_RECORD_MEMBERS} members`;
  return undefined;
}

export interface JsonLayout {
  /** The text's top level is an array: each span is one element. Otherwise one span, the whole text. */
  batch: boolean;
  spans: JsonSpan[];
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function firstNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i += 1;
  return i;
}

function lastNonSpaceEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && WHITESPACE.has(text.charCodeAt(e - 1))) e -= 1;
  return e;
}

/** Splits JSON text into its records' spans with their nesting depth and width. */
export function scanJsonLayout(text: string): JsonLayout {
  const first = firstNonSpace(text, 0);
  const batch = text.charCodeAt(first) === OPEN_BRACKET;
  const base = batch ? 1 : 0; // depth of a record's own top level
  const spans: JsonSpan[] = [];
  const members: number[] = []; // commas seen, per open container depth
  let depth = base;
  let inString = false;
  let spanStart = batch ? -1 : first;
  let spanDepth = 0;
  let wide = false;
  const close = (end: number): void => {
    if (spanStart >= 0)
      spans.push({ start: spanStart, end: lastNonSpaceEnd(text, spanStart, end), depth: spanDepth, wide });
    spanStart = -1;
    spanDepth = 0;
    wide = false;
  };
  for (let i = batch ? first + 1 : first; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (batch && depth === 1) {
      if (c === COMMA) {
        close(i);
        continue;
      }
      if (c === CLOSE_BRACKET) {
        close(i);
        depth = 0;
        break;
      }
      if (spanStart < 0 && !WHITESPACE.has(c)) spanStart = i;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      members[depth] = 0;
      if (depth - base > spanDepth) spanDepth = depth - base;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
    else if (c === COMMA && depth > base) {
      const count = (members[depth] ?? 0) + 1;
      members[depth] = count;
      if (count >= MAX_RECORD_MEMBERS) wide = true; // count commas = members - 1
    }
  }
  if (!batch) close(text.length);
  return { batch, spans };
}

/**
 * Nesting depth of an already parsed value, without recursion; stops counting past `limit`
 * (so a hostile value costs at most its size). Returns `limit + 1` when the value is deeper.
 */
export function valueDepth(value: unknown, limit: number = MAX_RECORD_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    const here = depth + 1;
    if (here > limit) return limit + 1;
    if (here > deepest) deepest = here;
    for (const child of Array.isArray(current) ? current : Object.values(current as object)) stack.push([child, here]);
  }
  return deepest;
}
