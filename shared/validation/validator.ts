/**
 * Compiles every feed schema once (ajv, draft 2020-12, formats) and turns ajv errors into
 * messages that name the field and the reason. Also applies the normalisations the contract
 * asks for (MAC addresses in lower case) so that what lands is canonical.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { FEEDS, FEED_NAMES, type FeedName } from '../feeds/registry.js';
import type { FeedRecordMap } from '../feeds/generated/types.js';
import { SCHEMA_DIR } from '../config/paths.js';
import { MAX_RECORD_DEPTH, valueDepth } from '../http/jsonSpans.js';

// ajv-formats is CommonJS with `exports.default`; take whichever shape Node hands us.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

export type ValidationResult<F extends FeedName> =
  { ok: true; record: FeedRecordMap[F] } | { ok: false; errors: string[] };

/** Cross-field rule JSON Schema cannot express: `{"logout": "login"}` means logout >= login when both exist. */
const NOT_BEFORE_KEYWORD = 'x-pulselake-not-before';

export function loadSchema(feed: FeedName): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, FEEDS[feed].schemaFile), 'utf8')) as Record<string, unknown>;
}

function buildAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  ajv.addKeyword({
    keyword: NOT_BEFORE_KEYWORD,
    type: 'object',
    schemaType: 'object',
    errors: true,
    validate: function notBefore(this: unknown, rule: Record<string, string>, data: Record<string, unknown>): boolean {
      const self = notBefore as unknown as { errors: Partial<ErrorObject>[] };
      self.errors = [];
      for (const [later, earlier] of Object.entries(rule)) {
        const a = data[later];
        const b = data[earlier];
        if (typeof a === 'number' && typeof b === 'number' && a < b) {
          self.errors.push({
            keyword: NOT_BEFORE_KEYWORD,
            instancePath: `/${later}`,
            message: `must be >= ${earlier} (${b})`,
            params: {},
          });
        }
      }
      return self.errors.length === 0;
    },
  });
  return ajv;
}

const ajv = buildAjv();
const validators = new Map<FeedName, ValidateFunction>(FEED_NAMES.map((feed) => [feed, ajv.compile(loadSchema(feed))]));

/** One readable line per ajv error: `field: reason`. */
export function formatError(error: ErrorObject): string {
  const field = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '(record)';
  switch (error.keyword) {
    case 'additionalProperties':
      return `${field === '(record)' ? '' : field + '.'}${String(error.params['additionalProperty'])}: unknown field`;
    case 'required':
      return `${field === '(record)' ? '' : field + '.'}${String(error.params['missingProperty'])}: is required`;
    case 'enum':
      return `${field}: must be one of ${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${field}: ${error.message ?? 'is invalid'}`;
  }
}

function normalise<F extends FeedName>(feed: F, record: FeedRecordMap[F]): FeedRecordMap[F] {
  if ('mac_address' in record && typeof record.mac_address === 'string') {
    return { ...record, mac_address: record.mac_address.toLowerCase() };
  }
  return record;
}

/**
 * A submitted record that was not parsed because it is hostile (nested past MAX_RECORD_DEPTH):
 * validation rejects it with `reason` without looking inside.
 */
export class UnparsedRecord {
  constructor(readonly reason: string) {}
}

/** Past this many top-level properties a record is refused before ajv (which would list each one). */
export const MAX_PROPERTIES_CHECKED = 64;

/** Reasons reported per record; the rest are summarised as "... and N more". */
export const MAX_ERRORS_PER_RECORD = 10;
/** Longest reason reported (an unknown field's name is part of its reason). */
export const MAX_ERROR_CHARS = 200;

const rootMaxProperties = new Map<FeedName, number | undefined>(
  FEED_NAMES.map((feed) => [feed, loadSchema(feed)['maxProperties'] as number | undefined]),
);

function cut(message: string): string {
  return message.length <= MAX_ERROR_CHARS ? message : `${message.slice(0, MAX_ERROR_CHARS - 1)}…`;
}

/** Caps the list at MAX_ERRORS_PER_RECORD reasons of at most MAX_ERROR_CHARS each. */
export function capErrors(errors: readonly string[]): string[] {
  const kept = errors.slice(0, MAX_ERRORS_PER_RECORD).map(cut);
  if (errors.length > MAX_ERRORS_PER_RECORD) kept.push(`... and ${errors.length - MAX_ERRORS_PER_RECORD} more`);
  return kept;
}

/**
 * Cheap checks before ajv, so that a hostile record costs its size and no more: nesting past
 * MAX_RECORD_DEPTH, and more top-level properties than the schema's maxProperties (ajv with
 * allErrors would report every one of 340k unknown keys).
 */
function guard(feed: FeedName, value: unknown): string | undefined {
  if (value instanceof UnparsedRecord) return value.reason;
  const maxProperties = rootMaxProperties.get(feed);
  if (maxProperties !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    let count = 0;
    for (const key in value) if (Object.hasOwn(value, key) && ++count > MAX_PROPERTIES_CHECKED) break;
    if (count > MAX_PROPERTIES_CHECKED) return `(record): must NOT have more than ${maxProperties} properties`;
  }
  if (!isFlat(value) && valueDepth(value) > MAX_RECORD_DEPTH) {
    return `(record): nested more than ${MAX_RECORD_DEPTH} levels deep`;
  }
  return undefined;
}

/** True for a primitive or an object whose own values are all primitives (depth <= 1): no walk needed. */
function isFlat(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return false;
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== null && typeof member === 'object') return false;
  }
  return true;
}

/** Validates one record of a feed; on success returns the normalised record. */
export function validateRecord<F extends FeedName>(feed: F, value: unknown): ValidationResult<F> {
  const validate = validators.get(feed);
  if (!validate) throw new Error(`unknown feed ${feed}`);
  const refused = guard(feed, value);
  if (refused !== undefined) return { ok: false, errors: [refused] };
  if (validate(value)) return { ok: true, record: normalise(feed, value as FeedRecordMap[F]) };
  const all = validate.errors ?? [];
  const unknownAt = new Set(all.filter((e) => e.keyword === 'additionalProperties').map((e) => e.instancePath));
  const errors = all
    // `if/then` reports a summary error beside the real `required` ones: keep the real ones.
    .filter((e) => e.keyword !== 'if')
    // "too many properties" only repeats what the "unknown field" errors at the same place say.
    .filter((e) => !(e.keyword === 'maxProperties' && unknownAt.has(e.instancePath)))
    .map(formatError);
  return { ok: false, errors: capErrors([...new Set(errors)]) };
}

/** A record that failed validation: its position in the request/batch/file, reasons, and raw payload. */
export interface RejectedRecord {
  index: number;
  errors: string[];
  raw: unknown;
  /** The record exactly as received (text, or base64 of bytes that are not UTF-8), when known. */
  original?: { text: string; encoding: 'utf-8' | 'base64' };
}

export interface BatchValidation<F extends FeedName> {
  accepted: FeedRecordMap[F][];
  rejected: RejectedRecord[];
}

/** Validates a batch, keeping the position of each rejected record. */
export function validateBatch<F extends FeedName>(
  feed: F,
  values: readonly unknown[],
  firstIndex = 0,
  texts?: readonly string[],
): BatchValidation<F> {
  const accepted: FeedRecordMap[F][] = [];
  const rejected: RejectedRecord[] = [];
  values.forEach((raw, i) => {
    const result = validateRecord(feed, raw);
    if (result.ok) accepted.push(result.record);
    else {
      const text = texts?.[i];
      rejected.push({
        index: firstIndex + i,
        errors: result.errors,
        raw: raw instanceof UnparsedRecord ? null : raw,
        ...(text !== undefined ? { original: { text, encoding: 'utf-8' as const } } : {}),
      });
    }
  });
  return { accepted, rejected };
}
