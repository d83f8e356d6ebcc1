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

/** Validates one record of a feed; on success returns the normalised record. */
export function validateRecord<F extends FeedName>(feed: F, value: unknown): ValidationResult<F> {
  const validate = validators.get(feed);
  if (!validate) throw new Error(`unknown feed ${feed}`);
  if (validate(value)) return { ok: true, record: normalise(feed, value as FeedRecordMap[F]) };
  const errors = (validate.errors ?? [])
    // `if/then` reports a summary error beside the real `required` ones: keep the real ones.
    .filter((e) => e.keyword !== 'if')
    .map(formatError);
  return { ok: false, errors: [...new Set(errors)] };
}

/** A record that failed validation: its position in the request/batch/file, reasons, and raw payload. */
export interface RejectedRecord {
  index: number;
  errors: string[];
  raw: unknown;
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
): BatchValidation<F> {
  const accepted: FeedRecordMap[F][] = [];
  const rejected: RejectedRecord[] = [];
  values.forEach((raw, i) => {
    const result = validateRecord(feed, raw);
    if (result.ok) accepted.push(result.record);
    else rejected.push({ index: firstIndex + i, errors: result.errors, raw });
  });
  return { accepted, rejected };
}
