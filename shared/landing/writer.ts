/**
 * Turns validated records (or rejected ones) into one landing file per call, named so that a
 * retried batch lands at the same path (docs/landing.md). The store decides atomicity and
 * "already there"; this module only decides names and bytes.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { LandingStore, PutOutcome } from './LandingStore.js';
import type { FeedName } from '../feeds/registry.js';
import type { FeedRecordMap } from '../feeds/generated/types.js';
import type { RejectedRecord } from '../validation/validator.js';

export interface LandedBatch {
  path: string;
  outcome: PutOutcome;
  count: number;
}

export interface LandingWriterOptions {
  /** Write feed files as `.ndjson.gz` (quarantine files stay plain NDJSON for people to read). */
  gzip?: boolean;
  /** Clock for `ingest_date` and `received_at` (tests pin it). */
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
  ): Promise<LandedBatch | undefined> {
    if (records.length === 0) return undefined;
    const text = toNdjson(records);
    const id = batchId ?? contentBatchId(text);
    checkNamePart('source', source);
    checkNamePart('batch id', id);
    const path = landingPath(feed, ingestDate(this.now()), source, id, { gzip: this.gzip });
    const bytes = Buffer.from(text, 'utf8');
    const outcome = await this.store.putIfAbsent(path, this.gzip ? gzipSync(bytes) : bytes);
    return { path, outcome, count: records.length };
  }

  /** Same, under quarantine/<feed>/..., lines {"feed","source","received_at","index","errors","raw"}. */
  async quarantine(
    feed: FeedName,
    rejected: readonly RejectedRecord[],
    source: string,
    batchId?: string,
  ): Promise<LandedBatch | undefined> {
    if (rejected.length === 0) return undefined;
    const at = this.now();
    const receivedAt = at.toISOString();
    const lines = rejected.map((r) => ({
      feed,
      source,
      received_at: receivedAt,
      index: r.index,
      errors: r.errors,
      raw: r.raw,
    }));
    // The default id hashes everything but `received_at`, so a retried request that fails the
    // same way lands at the same quarantine path instead of adding a copy.
    const id = batchId ?? contentBatchId(toNdjson(lines.map(({ received_at: _, ...rest }) => rest)));
    checkNamePart('source', source);
    checkNamePart('batch id', id);
    const path = landingPath(feed, ingestDate(at), source, id, { quarantine: true });
    const outcome = await this.store.putIfAbsent(path, Buffer.from(toNdjson(lines), 'utf8'));
    return { path, outcome, count: rejected.length };
  }
}
