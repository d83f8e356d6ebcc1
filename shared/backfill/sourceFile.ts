/**
 * Opens one export file as a stream of text (gunzipping when it is gzip) and splits it into
 * lines, with flat memory: nothing holds more than one chunk plus one line.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
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
/** A "line" longer than this is not a JSON-lines/CSV record: stop before it exhausts memory. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

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
  const gunzip = createGunzip();
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

/** Lines of a text stream without their `\n` / `\r\n`, numbered from 1. */
export async function* readLines(file: string, stream: Readable): AsyncGenerator<{ line: number; text: string }> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let line = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      line += 1;
      yield { line, text: trimCr(text.slice(start, end)) };
      start = end + 1;
    }
    rest = text.slice(start);
    if (rest.length > MAX_LINE_CHARS) {
      throw new SourceFileError(file, `line ${line + 1} is longer than ${MAX_LINE_CHARS} characters`);
    }
  }
  rest += decoder.end();
  if (rest !== '') yield { line: line + 1, text: trimCr(rest) };
}

function trimCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** Strips a UTF-8 byte-order mark, which some exporters write before the header. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
