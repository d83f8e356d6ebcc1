/**
 * The records of a data set as the deployed API should receive them: the backfill reads the
 * export files (CSV, Kafka-envelope JSON lines, gzip) with the same mapping and validation as
 * `pulselake ingest`, into memory instead of a landing zone. Records the backfill would
 * quarantine are counted, not sent.
 */
import { backfill, type BackfillSummary } from '../backfill/backfill.js';
import { FEED_NAMES, type FeedName } from '../feeds/registry.js';
import type { LandingStore, PutOutcome } from '../landing/LandingStore.js';
import { LandingWriter } from '../landing/writer.js';

/** A landing store that keeps the feed files' records in memory, per feed, in landing order. */
export class MemoryLandingStore implements LandingStore {
  readonly records = new Map<FeedName, unknown[]>();
  quarantined = 0;
  private readonly paths = new Set<string>();

  async putIfAbsent(relPath: string, content: Buffer): Promise<PutOutcome> {
    if (this.paths.has(relPath)) return 'exists';
    this.paths.add(relPath);
    const lines = content
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const [top] = relPath.split('/');
    if (top === 'quarantine') {
      this.quarantined += lines.length;
    } else {
      const feed = top as FeedName;
      const into = this.records.get(feed) ?? [];
      for (const line of lines) into.push(JSON.parse(line));
      this.records.set(feed, into);
    }
    return 'created';
  }

  async list(): Promise<string[]> {
    return [...this.paths];
  }

  async read(): Promise<Buffer> {
    throw new Error('MemoryLandingStore keeps records, not files');
  }

  describe(): string {
    return 'memory';
  }
}

export interface DataSetRecords {
  records: Record<FeedName, unknown[]>;
  /** Rows the backfill rejected (they would be quarantined by the API too). */
  rejected: number;
  summary: BackfillSummary;
}

export async function readDataSet(paths: readonly string[]): Promise<DataSetRecords> {
  const store = new MemoryLandingStore();
  const summary = await backfill(paths, { writer: new LandingWriter(store) });
  if (!summary.ok) {
    const failed = summary.files
      .filter((f) => f.status === 'failed')
      .map((f) => `${f.file}: ${'reason' in f ? f.reason : ''}`);
    throw new Error(`could not read the data set: ${failed.join('; ')}`);
  }
  const records = Object.fromEntries(FEED_NAMES.map((feed) => [feed, store.records.get(feed) ?? []])) as Record<
    FeedName,
    unknown[]
  >;
  return { records, rejected: store.quarantined, summary };
}
