/**
 * Collects mapped source rows per feed and lands them in fixed-size chunks: validate with the
 * feed schemas, land the valid ones as one file, quarantine the rest. Chunks are cut at the
 * same rows on every run, so with content-hash batch ids a replayed file lands nothing new.
 */
import type { FeedName } from '../feeds/registry.js';
import { NdjsonBuffer } from '../landing/ndjsonBuffer.js';
import type { LandingWriter } from '../landing/writer.js';
import { validateRecord, type RejectedRecord } from '../validation/validator.js';

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

/** A feed's rows since its last landing: already validated, the accepted ones as their NDJSON bytes. */
interface PendingChunk {
  rows: number;
  accepted: NdjsonBuffer;
  quarantined: RejectedRecord[];
}

export class FeedChunker {
  private readonly pending = new Map<FeedName, PendingChunk>();
  readonly tallies = new Map<FeedName, FeedTally>();
  /** The chunk being written while the next one is read; settles without throwing. */
  private landing: Promise<void> = Promise.resolve();
  private landingError: { error: unknown } | undefined;

  constructor(
    private readonly writer: LandingWriter,
    private readonly chunkSize: number,
    private readonly source: string,
  ) {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new Error(`chunk size must be a positive integer`);
  }

  /**
   * Queues a row, validating it now so that only its landing line (or its quarantine entry) is
   * kept, not the parsed row. Returns true when its feed's chunk is full: the caller then awaits
   * land(feed), which is the stream's backpressure.
   */
  push(feed: FeedName, entry: SourceEntry): boolean {
    let chunk = this.pending.get(feed);
    if (!chunk) this.pending.set(feed, (chunk = { rows: 0, accepted: new NdjsonBuffer(), quarantined: [] }));
    chunk.rows += 1;
    if (entry.error !== undefined) {
      chunk.quarantined.push({ index: entry.line, errors: [entry.error], ...asRejected(entry) });
    } else {
      const result = validateRecord(feed, entry.record);
      // Quarantine the row as it was read (not the mapped record), at its line in the file.
      if (result.ok) chunk.accepted.append(JSON.stringify(result.record));
      else chunk.quarantined.push({ index: entry.line, errors: result.errors, ...asRejected(entry) });
    }
    return chunk.rows >= this.chunkSize;
  }

  /** Lands whatever is queued, feed by feed, and waits until all of it is durable. */
  async flushAll(): Promise<void> {
    for (const feed of [...this.pending.keys()]) await this.land(feed);
    await this.settle();
    this.throwLandingError();
  }

  /** Forgets queued rows (after a read error: what landed stays, the partial chunk does not). */
  discard(): void {
    this.pending.clear();
  }

  /** Waits for the chunk being written, if any (its failure is reported by land/flushAll). */
  async settle(): Promise<void> {
    await this.landing;
  }

  private tally(feed: FeedName): FeedTally {
    let tally = this.tallies.get(feed);
    if (!tally) this.tallies.set(feed, (tally = emptyTally()));
    return tally;
  }

  private throwLandingError(): void {
    if (this.landingError) throw this.landingError.error;
  }

  /**
   * Starts writing the feed's queued chunk once the previous chunk is durable, and returns
   * without waiting for this one: reading goes on during its I/O, and at most two chunks are
   * held. Tallies count a chunk only once the store has made it durable.
   */
  async land(feed: FeedName): Promise<void> {
    const chunk = this.pending.get(feed);
    this.pending.delete(feed);
    await this.settle();
    this.throwLandingError();
    if (!chunk || chunk.rows === 0) return;
    const tally = this.tally(feed);
    const quarantined = chunk.quarantined.sort((a, b) => a.index - b.index);
    this.landing = this.write(feed, chunk.accepted, quarantined, tally).catch((error: unknown) => {
      this.landingError ??= { error };
    });
  }

  private async write(
    feed: FeedName,
    accepted: NdjsonBuffer,
    quarantined: RejectedRecord[],
    tally: FeedTally,
  ): Promise<void> {
    for (const landed of [
      await this.writer.landNdjson(feed, accepted.bytes(), accepted.count, this.source),
      await this.writer.quarantine(feed, quarantined, this.source),
    ]) {
      if (landed?.outcome === 'created') tally.filesCreated += 1;
      if (landed?.outcome === 'exists') tally.filesExisting += 1;
    }
    tally.accepted += accepted.count;
    tally.rejected += quarantined.length;
  }
}
