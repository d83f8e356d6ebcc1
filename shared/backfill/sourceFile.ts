/**
 * Opens one export file as a stream of text (gunzipping when it is gzip) and splits it into
 * lines, with flat memory: nothing holds more than one chunk plus one line.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** A file that cannot be read or parsed at all; the message says which and why. */
export class SourceFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'SourceFileError';
  }
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const PARQUET_MAGIC = Buffer.from('PAR1');
/** A line longer than this (bytes) is not a record: it is cut here and quarantined, never held whole. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** The first bytes of the file as stored (before any gunzip). */
export async function readMagic(file: string, length = 4): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function isParquet(magic: Buffer): boolean {
  return magic.subarray(0, 4).equals(PARQUET_MAGIC);
}

/** Gzip is decided by content; a `.gz` name on non-gzip bytes is an error, not a guess. */
export function isGzip(file: string, magic: Buffer): boolean {
  const hasMagic = magic.subarray(0, 2).equals(GZIP_MAGIC);
  if (!hasMagic && path.extname(file).toLowerCase() === '.gz') {
    throw new SourceFileError(file, 'named .gz but is not gzip data');
  }
  return hasMagic;
}

/**
 * The file's text as a byte stream (gunzipped when needed). `onRawBytes` sees the bytes read
 * from disk (compressed size), which is what progress is measured in. Read and gunzip errors
 * surface on the returned stream as SourceFileError.
 */
export function openDecoded(file: string, gzip: boolean, onRawBytes?: (bytes: number) => void): Readable {
  const raw = createReadStream(file);
  if (onRawBytes) raw.on('data', (chunk) => onRawBytes(chunk.length));
  if (!gzip) return raw;
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  return pipeline(raw, gunzip, () => {
    // Errors reach the consumer through `gunzip`, which pipeline destroys with them.
  });
}

/** Wraps low-level errors (ENOENT, zlib "unexpected end of file") with the file name. */
export function asSourceFileError(file: string, error: unknown): SourceFileError {
  if (error instanceof SourceFileError) return error;
  const err = error as NodeJS.ErrnoException;
  const code = err.code ?? '';
  const what = code.startsWith('Z_') ? 'bad gzip data' : code.startsWith('CSV_') ? 'not valid CSV' : 'cannot read';
  return new SourceFileError(file, `${what}: ${err.message ?? String(error)}`);
}

/** One line of a text stream: its number (from 1) and text without `\n` / `\r\n`. */
export interface SourceLine {
  line: number;
  text: string;
  /** Set when the line was longer than MAX_LINE_BYTES: `text` is its first MAX_LINE_BYTES bytes. */
  overlongBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const NEWLINES = Buffer.alloc(4096, LF);

/**
 * Non-blank lines of a byte stream, numbered from 1, with flat memory: a line longer than
 * MAX_LINE_BYTES is cut there (the rest is skipped, never held) and flagged, so the caller
 * quarantines it and goes on. Blank and whitespace-only lines are skipped in one tight loop
 * over the bytes, so a file of nothing but newlines costs its size, not a step per line.
 * Lines come in one array per chunk read, so the consumer awaits once per chunk, not per line.
 */
export async function* readLineBatches(stream: Readable): AsyncGenerator<SourceLine[]> {
  let line = 0; // number of the line being read (1-based once started)
  let parts: Buffer[] = []; // the current line's bytes so far (at most MAX_LINE_BYTES kept)
  let kept = 0;
  let total = 0;
  const finish = (): SourceLine | undefined => {
    const bytes = Buffer.concat(parts, kept);
    const overlongBytes = total;
    parts = [];
    kept = 0;
    total = 0;
    const text = trimCr(bytes.toString('utf8'));
    if (overlongBytes > MAX_LINE_BYTES) return { line, text, overlongBytes };
    return isBlank(text) ? undefined : { line, text };
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const out: SourceLine[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (total === 0) {
        // At a line start: skip blank lines (and leading blanks) without leaving this loop.
        let i = pos;
        let lineStart = pos;
        // Whole blocks of newlines are compared natively (memcmp), not byte by byte.
        while (i + NEWLINES.length <= chunk.length && NEWLINES.equals(chunk.subarray(i, i + NEWLINES.length))) {
          i += NEWLINES.length;
          line += NEWLINES.length;
          lineStart = i;
        }
        for (; i < chunk.length; i += 1) {
          const b = chunk[i];
          if (b === LF) {
            line += 1;
            lineStart = i + 1;
          } else if (b !== CR && b !== SPACE && b !== TAB) break;
        }
        pos = lineStart;
        if (i === chunk.length) {
          // Only blanks up to the chunk end: keep the partial blank line's bytes count only.
          if (pos < chunk.length) {
            parts.push(chunk.subarray(pos));
            kept += chunk.length - pos;
            total += chunk.length - pos;
          }
          pos = chunk.length;
          break;
        }
      }
      const end = chunk.indexOf(LF, pos);
      if (end !== -1 && total === 0 && end - pos <= MAX_LINE_BYTES) {
        // The common case, a whole line inside this chunk: decoded in place, no copy.
        line += 1;
        const text = chunk.toString('utf8', pos, end > pos && chunk[end - 1] === CR ? end - 1 : end);
        if (!isBlank(text)) out.push({ line, text });
        pos = end + 1;
        continue;
      }
      const stop = end === -1 ? chunk.length : end;
      const piece = chunk.subarray(pos, stop);
      total += piece.length;
      if (kept < MAX_LINE_BYTES) {
        const take = piece.subarray(0, MAX_LINE_BYTES - kept);
        parts.push(take);
        kept += take.length;
      }
      if (end === -1) break;
      line += 1;
      const done = finish();
      if (done) out.push(done);
      pos = end + 1;
    }
    if (out.length > 0) yield out;
  }
  if (total > 0) {
    line += 1;
    const done = finish();
    if (done) yield [done];
  }
}

/** The same lines one at a time (format detection reads only the first). */
export async function* readLines(file: string, stream: Readable): AsyncGenerator<SourceLine> {
  void file;
  for await (const lines of readLineBatches(stream)) yield* lines;
}

/** `text.trim() === ''`, without trimming the (usual) line that starts with a visible ASCII character. */
function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  return !(first > 0x20 && first < 0x7f) && text.trim() === '';
}

function trimCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** Strips a UTF-8 byte-order mark, which some exporters write before the header. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
