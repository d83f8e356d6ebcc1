/**
 * NDJSON bytes built line by line in one growing buffer: a caller that serialises records as it
 * reads them keeps a few MB of bytes per chunk instead of one string per record (which would
 * outlive the young generation and make every garbage collection copy them).
 */
const LF = 0x0a;
const INITIAL_BYTES = 64 * 1024;

export class NdjsonBuffer {
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private size = 0;
  /** Lines appended. */
  count = 0;

  /** Appends `json` (one JSON document, no newline in it) and a `\n`. */
  append(json: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; the newline 1 more.
    const most = json.length * 3 + 1;
    if (this.size + most > this.buffer.length) this.grow(this.size + most);
    this.size += this.buffer.write(json, this.size, 'utf8');
    this.buffer[this.size] = LF;
    this.size += 1;
    this.count += 1;
  }

  /** The NDJSON text as bytes (a view: valid until the next append). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.size);
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(next, 0, 0, this.size);
    this.buffer = next;
  }
}
