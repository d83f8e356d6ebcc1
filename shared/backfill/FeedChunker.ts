/**
 * Collects mapped source rows per feed and lands them in fixed-size chunks: validate with the
 * feed schemas, land the valid ones as one file, quarantine the rest. Chunks are cut at the
 * same rows on every run, so with content-hash batch ids a replayed file lands nothing new.
 */
import type { FeedName } from '../feeds/registry.js';
import type { LandingWriter } from '../landing/writer.js';
import { validateBatch, type RejectedRecord } from '../validation/validator.js';

/** One source row: its line number, what was read, and the mapped record or why there is none. */
export interface SourceEntry {
  line: number;
  raw: unknown;
  /** The row's text as read (quarantine keeps it rather than `raw`). */
  original?: string;
  record?: unknown;
  error?: string;
}

export interface FeedTally {
  accepted: number;
  rejected: number;
  /** Landing (and quarantine) files written by this run. */
  filesCreated: number;
  /** Files that were already there (a replay): nothing written. */
  filesExisting: number;
}

export const emptyTally = (): FeedTally => ({ accepted: 0, rejected: 0, filesCreated: 0, filesExisting: 0 });

export function addTally(into: FeedTally, from: FeedTally): void {
  into.accepted += from.accepted;
  into.rejected += from.rejected;
  into.filesCreated += from.filesCreated;
  into.filesExisting += from.filesExisting;
}

function asRejected(entry: SourceEntry): Pick<RejectedRecord, 'raw' | 'original'> {
  return {
    raw: entry.raw,
    ...(entry.original !== undefined ? { original: { text: entry.original, encoding: 'utf-8' as const } } : {}),
  };
}

export class FeedChunker {
  private readonly pending = new Map<FeedName, SourceEntry[]>();
  readonly tallies = new Map<FeedName, FeedTally>();

  constructor(
    private readonly writer: LandingWriter,
    private readonly chunkSize: number,
    private readonly source: string,
  ) {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new Error(`chunk size must be a positive integer`);
  }

  /** Queues a row; lands its feed's chunk when full (awaiting it is the stream's backpressure). */
  async add(feed: FeedName, entry: SourceEntry): Promise<void> {
    let entries = this.pending.get(feed);
    if (!entries) this.pending.set(feed, (entries = []));
    entries.push(entry);
    if (entries.length >= this.chunkSize) await this.flush(feed);
  }

  /** Lands whatever is queued, feed by feed. */
  async flushAll(): Promise<void> {
    for (const feed of [...this.pending.keys()]) await this.flush(feed);
  }

  /** Forgets queued rows (after a read error: what landed stays, the partial chunk does not). */
  discard(): void {
    this.pending.clear();
  }

  private tally(feed: FeedName): FeedTally {
    let tally = this.tallies.get(feed);
    if (!tally) this.tallies.set(feed, (tally = emptyTally()));
    return tally;
  }

  private async flush(feed: FeedName): Promise<void> {
    const entries = this.pending.get(feed) ?? [];
    this.pending.delete(feed);
    if (entries.length === 0) return;
    const mapped = entries.filter((entry) => entry.error === undefined);
    const { accepted, rejected } = validateBatch(
      feed,
      mapped.map((entry) => entry.record),
    );
    // Quarantine the row as it was read (not the mapped record), at its line in the file.
    const quarantined: RejectedRecord[] = [
      ...entries
        .filter((entry) => entry.error !== undefined)
        .map((entry) => ({ index: entry.line, errors: [entry.error as string], ...asRejected(entry) })),
      ...rejected.map((r) => {
        const entry = mapped[r.index] as SourceEntry;
        return { index: entry.line, errors: r.errors, ...asRejected(entry) };
      }),
    ].sort((a, b) => a.index - b.index);

    const tally = this.tally(feed);
    for (const landed of [
      await this.writer.landBatch(feed, accepted, this.source),
      await this.writer.quarantine(feed, quarantined, this.source),
    ]) {
      if (landed?.outcome === 'created') tally.filesCreated += 1;
      if (landed?.outcome === 'exists') tally.filesExisting += 1;
    }
    tally.accepted += accepted.length;
    tally.rejected += quarantined.length;
  }
}
