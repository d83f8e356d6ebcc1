/** A landing store in memory for tests: names and bytes as landed, and a switch that fails every write. */
import type { LandingStore, PutOutcome } from '../../shared/landing/LandingStore.js';

export class MemoryLandingStore implements LandingStore {
  readonly files = new Map<string, Buffer>();
  /** When set, every write throws as a storage outage would. */
  failing = false;

  async putIfAbsent(relPath: string, content: Buffer): Promise<PutOutcome> {
    if (this.failing) throw new Error('storage down');
    if (this.files.has(relPath)) return 'exists';
    this.files.set(relPath, content);
    return 'created';
  }
  async list(prefix: string): Promise<string[]> {
    return [...this.files.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  async read(relPath: string): Promise<Buffer> {
    const content = this.files.get(relPath);
    if (!content) throw new Error(`no ${relPath}`);
    return content;
  }
  describe(): string {
    return 'memory';
  }
  /** The bytes landed for a batch (fails the test when nothing is there). */
  bytes(landed: { path: string } | undefined): Buffer {
    const content = landed && this.files.get(landed.path);
    if (!content) throw new Error(`nothing landed at ${landed?.path}`);
    return content;
  }
  /** Every NDJSON line of the files under `prefix`, parsed. */
  lines(prefix: string): Record<string, unknown>[] {
    return [...this.files]
      .filter(([k]) => k.startsWith(prefix))
      .flatMap(([, v]) => v.toString('utf8').split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}
