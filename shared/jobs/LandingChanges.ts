/**
 * "Did anything land since the last run request?", answered by listing the landing zone's
 * partitions of today and yesterday (UTC; yesterday covers the minutes around midnight) for
 * every feed, and remembering the paths already handled. The memory is per process: after a
 * restart everything counts as new once, which costs at most one extra incremental run.
 */
import { FEED_NAMES } from '../feeds/registry.js';
import type { LandingStore } from '../landing/LandingStore.js';
import { ingestDate } from '../landing/writer.js';
import type { LandingChanges } from './DebouncedJobTrigger.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export class LandingStoreChanges implements LandingChanges {
  private handled = new Set<string>();

  constructor(
    private readonly store: Pick<LandingStore, 'list'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async poll(): Promise<{ newFiles: number; commit: () => void }> {
    const at = this.now();
    const dates = [ingestDate(new Date(at.getTime() - DAY_MS)), ingestDate(at)];
    const listings = await Promise.all(
      FEED_NAMES.flatMap((feed) => dates.map((date) => this.store.list(`${feed}/ingest_date=${date}/`))),
    );
    const seen = listings.flat();
    const newFiles = seen.filter((file) => !this.handled.has(file)).length;
    return {
      newFiles,
      // Only the listed partitions are kept, so the memory does not grow day after day.
      commit: () => {
        this.handled = new Set(seen);
      },
    };
  }
}
