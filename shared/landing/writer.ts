/**
 * Turns validated records (or rejected ones) into one landing file per call, named so that a
 * retried batch lands at the same path (docs/landing.md), also after midnight: a batch with a
 * date of its own (Event Hubs: its first enqueued time) uses it; a content-hash batch (HTTP,
 * backfill) records the date of its first landing in `_batches/` and a replay reuses it. The
 * store decides atomicity and "already there"; this module only decides names and bytes.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { LandingStore, PutOutcome } from './LandingStore.js';
import { putOnceNamed } from './putOnceNamed.js';
import type { FeedName } from '../feeds/registry.js';
import type { FeedRecordMap } from '../feeds/generated/types.js';
import type { RejectedRecord } from '../validation/validator.js';
import { MAX_RECORD_DEPTH, valueDepth } from '../http/jsonSpans.js';

export interface LandedBatch {
  path: string;
  outcome: PutOutcome;
  count: number;
}

/** Characters of a rejected record's original text kept in its quarantine line (docs/landing.md). */
export const QUARANTINE_RAW_MAX_CHARS = 64 * 1024;

/** Where a content-hash batch's first landing date is kept (Spark never reads `_`-folders). */
export const BATCH_DATES_FOLDER = '_batches';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface BatchOptions {
  /** `ingest_date` of the batch (YYYY-MM-DD), when it has one of its own (Event Hubs). */
  date?: string;
}

export interface LandingWriterOptions {
  /** Write feed files as `.ndjson.gz` (quarantine files stay plain NDJSON for people to read). */
  gzip?: boolean;
  /** Clock for the first landing date of content-hash batches and `received_at` (tests pin it). */
  now?: () => Date;
}

/** `source` and `batchId` become part of a file name: keep them to a safe alphabet. */
const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function checkNamePart(kind: string, value: string): void {
  if (!NAME_PART.test(value) || value.includes('..')) {
    throw new Error(`landing ${kind} "${value}" must match ${NAME_PART.source}`);
  }
}

/** First 32 hex digits of SHA-256: the content-derived batch id of HTTP and backfill batches. */
export function contentBatchId(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

/** `YYYY-MM-DD` in UTC. */
export function ingestDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** One JSON document per line, each line ending in `\n`. */
export function toNdjson(values: readonly unknown[]): string {
  let out = '';
  for (const value of values) out += JSON.stringify(value) + '\n';
  return out;
}

export function landingPath(
  feed: FeedName,
  date: string,
  source: string,
  batchId: string,
  options: { quarantine?: boolean; gzip?: boolean } = {},
): string {
  const folder = options.quarantine ? `quarantine/${feed}` : feed;
  return `${folder}/ingest_date=${date}/${source}-${batchId}.ndjson${options.gzip ? '.gz' : ''}`;
}

export class LandingWriter {
  private readonly gzip: boolean;
  private readonly now: () => Date;

  constructor(
    private readonly store: LandingStore,
    options: LandingWriterOptions = {},
  ) {
    this.gzip = options.gzip ?? false;
    this.now = options.now ?? (() => new Date());
  }

  /** One NDJSON file per call under <feed>/ingest_date=YYYY-MM-DD/<source>-<batchId>.ndjson[.gz];
   *  batchId defaults to the first 32 hex of sha256(uncompressed content). Empty -> undefined. */
  async landBatch<F extends FeedName>(
    feed: F,
    records: readonly FeedRecordMap[F][],
    source: string,
    batchId?: string,
    options: BatchOptions = {},
  ): Promise<LandedBatch | undefined> {
    if (records.length === 0) return undefined;
    return this.landNdjson(feed, Buffer.from(toNdjson(records), 'utf8'), records.length, source, batchId, options);
  }

  /**
   * Like landBatch, for records already validated and serialised by the caller: `ndjson` is the
   * `JSON.stringify` text of each record followed by `\n` (what toNdjson makes), so the file and
   * its content-hash name are the same byte for byte as landBatch of those records.
   */
  async landNdjson(
    feed: FeedName,
    ndjson: Buffer,
    count: number,
    source: string,
    batchId?: string,
    options: BatchOptions = {},
  ): Promise<LandedBatch | undefined> {
    if (count === 0) return undefined;
    const id = batchId ?? contentBatchId(ndjson);
    checkNamePart('source', source);
    checkNamePart('batch id', id);
    const content = this.gzip ? gzipSync(ndjson) : ndjson;
    const { path, outcome } = await this.putDated(feed, `${source}-${id}`, options.date, content, (date) =>
      landingPath(feed, date, source, id, { gzip: this.gzip }),
    );
    return { path, outcome, count };
  }

  /** Same, under quarantine/<feed>/..., lines {"feed","source","received_at","index","errors","raw","raw_encoding","raw_length"[,"raw_truncated"]}. */
  async quarantine(
    feed: FeedName,
    rejected: readonly RejectedRecord[],
    source: string,
    batchId?: string,
    options: BatchOptions = {},
  ): Promise<LandedBatch | undefined> {
    if (rejected.length === 0) return undefined;
    const receivedAt = this.now().toISOString();
    const lines = rejected.map((r) => ({
      feed,
      source,
      received_at: receivedAt,
      index: r.index,
      errors: r.errors,
      ...quarantineRaw(r),
    }));
    // The default id hashes everything but `received_at`, so a retried request that fails the
    // same way lands at the same quarantine path instead of adding a copy.
    const id = batchId ?? contentBatchId(toNdjson(lines.map(({ received_at: _, ...rest }) => rest)));
    checkNamePart('source', source);
    checkNamePart('batch id', id);
    const content = Buffer.from(toNdjson(lines), 'utf8');
    const { path, outcome } = await this.putDated(
      `quarantine/${feed}`,
      `${source}-${id}`,
      options.date,
      content,
      (date) => landingPath(feed, date, source, id, { quarantine: true }),
    );
    return { path, outcome, count: rejected.length };
  }

  /**
   * Writes `content` at the path of the batch's date. Without a date of its own, the date marker
   * is made durable before the file gets its name (a replay must find it), but the file's bytes
   * are written and synced meanwhile where the store can (putOnceNamed): one fsync wait, not two.
   */
  private async putDated(
    folder: string,
    name: string,
    own: string | undefined,
    content: Buffer,
    pathFor: (date: string) => string,
  ): Promise<{ path: string; outcome: PutOutcome }> {
    const named = this.batchDate(folder, name, own).then(pathFor);
    if (own !== undefined) {
      const path = await named;
      return { path, outcome: await this.store.putIfAbsent(path, content) };
    }
    const outcome = await putOnceNamed(this.store, named, content);
    return { path: await named, outcome };
  }

  /**
   * The batch's own date, else the date its name first landed on: recorded (write-once) before
   * the file itself, so a replay on a later day, or after a crash between the two writes, finds
   * it and lands at the same path.
   */
  private async batchDate(folder: string, name: string, own: string | undefined): Promise<string> {
    if (own !== undefined) {
      if (!DATE.test(own)) throw new Error(`landing date "${own}" must be YYYY-MM-DD`);
      return own;
    }
    const today = ingestDate(this.now());
    const marker = `${BATCH_DATES_FOLDER}/${folder}/${name}`;
    if ((await this.store.putIfAbsent(marker, Buffer.from(today, 'utf8'))) === 'created') return today;
    const recorded = (await this.store.read(marker)).toString('utf8').trim();
    return DATE.test(recorded) ? recorded : today;
  }
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** JSON text of an already parsed value that cannot overflow the stack. */
function serialiseSafely(value: unknown): string {
  if (valueDepth(value) > MAX_RECORD_DEPTH) return `(not kept: nested more than ${MAX_RECORD_DEPTH} levels deep)`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (error) {
    return `(not kept: ${(error as Error).message})`;
  }
}

/**
 * The `raw` fields of a quarantine line: the record's original text when known (`utf-8`), the
 * base64 of bytes that were not UTF-8 (`base64`), else the parsed value serialised again
 * (`json`); cut to QUARANTINE_RAW_MAX_CHARS with `raw_truncated` and the full `raw_length`.
 */
export function quarantineRaw(rejected: RejectedRecord): {
  raw: string;
  raw_encoding: 'utf-8' | 'base64' | 'json';
  raw_length: number;
  raw_truncated?: true;
} {
  const { text, encoding } = rejected.original ?? { text: serialiseSafely(rejected.raw), encoding: 'json' as const };
  const raw = cutText(text, QUARANTINE_RAW_MAX_CHARS);
  return {
    raw,
    raw_encoding: encoding,
    raw_length: text.length,
    ...(raw.length < text.length ? { raw_truncated: true as const } : {}),
  };
}
