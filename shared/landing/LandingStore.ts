/**
 * Where landed files go. Two implementations: the local filesystem (default) and Azure Blob
 * (ADLS Gen2 or Azurite). Paths are `/`-separated and relative to the landing root; the
 * layout is documented in docs/landing.md because the Spark jobs read it.
 */
export type PutOutcome = 'created' | 'exists';

export interface LandingStore {
  /**
   * Writes `content` at `relPath` atomically (no reader ever sees a partial file) unless a
   * file is already there. Idempotent: a retried batch has the same path and yields 'exists'.
   * Throws when the write is not durable, so the caller never acknowledges it.
   */
  putIfAbsent(relPath: string, content: Buffer): Promise<PutOutcome>;
  /**
   * putIfAbsent for a name still being decided: the store may write (and sync) `content` while
   * `relPath` is pending, but nothing becomes visible under a name before `relPath` resolves.
   * Rejects, writing nothing visible, when `relPath` rejects. Optional: see putOnceNamed.
   */
  putIfAbsentOnceNamed?(relPath: Promise<string>, content: Buffer): Promise<PutOutcome>;
  /** Lists file paths under a prefix (recursive), relative to the landing root. */
  list(prefix: string): Promise<string[]>;
  /** Reads one file. */
  read(relPath: string): Promise<Buffer>;
  /** Human-readable location, for logs and CLI output. */
  describe(): string;
}
