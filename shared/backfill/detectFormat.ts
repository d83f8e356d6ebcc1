/**
 * Decides by content what an input file is: a CSV export of a known feed, Kafka-envelope JSON
 * lines of known topics, or something that is not a feed (skipped with a note saying why).
 * Only the first non-blank line is read. A file that claims to be JSON (by its first character
 * or its name) but is not is an error: it cannot be parsed, so it must not pass as "skipped".
 */
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { csvFormatForHeader, ENVELOPE_TOPICS, isKnownTopic, type CsvFormat } from './mapping.js';
import {
  asSourceFileError,
  isGzip,
  isParquet,
  openDecoded,
  readLines,
  MAX_LINE_BYTES,
  readMagic,
  SourceFileError,
  stripBom,
} from './sourceFile.js';
import type { FeedName } from '../feeds/registry.js';

export type SourceFormat =
  | { kind: 'csv'; gzip: boolean; format: CsvFormat }
  | { kind: 'envelopes'; gzip: boolean; firstFeed: FeedName }
  | { kind: 'skip'; reason: string };

const JSON_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);

/** `a.json.gz` -> `.json`. */
function innerExtension(file: string): string {
  const name = path.basename(file).toLowerCase().replace(/\.gz$/, '');
  return path.extname(name);
}

async function firstNonBlankLine(file: string, gzip: boolean): Promise<{ line: number; text: string } | undefined> {
  const stream = openDecoded(file, gzip);
  try {
    let overlong: { line: number; bytes: number } | undefined;
    for await (const entry of readLines(file, stream)) {
      // An over-long line says nothing about the format (the backfill quarantines it): look further.
      if (entry.overlongBytes === undefined && entry.text.trim() !== '') return entry;
      overlong ??= entry.overlongBytes !== undefined ? { line: entry.line, bytes: entry.overlongBytes } : undefined;
    }
    if (overlong) {
      throw new SourceFileError(
        file,
        `line ${overlong.line} is ${overlong.bytes} bytes, longer than the limit of ${MAX_LINE_BYTES}, and no other line tells the feed`,
      );
    }
    return undefined;
  } finally {
    stream.destroy();
  }
}

function describeKeys(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `a JSON ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length === 0 ? 'an empty object' : `fields ${keys.slice(0, 8).join(', ')}`;
}

function detectJsonLines(file: string, gzip: boolean, first: { line: number; text: string }): SourceFormat {
  let value: unknown;
  try {
    value = JSON.parse(first.text);
  } catch (error) {
    throw new SourceFileError(file, `not valid JSON lines: line ${first.line}: ${(error as Error).message}`);
  }
  const topic = (value as { topic?: unknown } | null)?.topic;
  if (isKnownTopic(topic)) {
    return { kind: 'envelopes', gzip, firstFeed: (ENVELOPE_TOPICS[topic] as { feed: FeedName }).feed };
  }
  const known = Object.keys(ENVELOPE_TOPICS).join(', ');
  return {
    kind: 'skip',
    reason:
      topic === undefined
        ? `JSON lines without a Kafka topic (first record has ${describeKeys(value)}): not a feed export`
        : `JSON lines with topic ${JSON.stringify(topic)}, not one of ${known}`,
  };
}

function detectCsv(file: string, gzip: boolean, first: { text: string }): SourceFormat {
  let header: string[];
  try {
    header = (parseCsv(first.text, { relax_quotes: true }) as string[][])[0] ?? [];
  } catch {
    header = first.text.split(',');
  }
  const format = csvFormatForHeader(header);
  if (format) return { kind: 'csv', gzip, format };
  const shown = header.slice(0, 8).join(',');
  return { kind: 'skip', reason: `not a known export (first line "${shown.slice(0, 120)}" is no feed's CSV header)` };
}

export async function detectFormat(file: string): Promise<SourceFormat> {
  try {
    const magic = await readMagic(file);
    if (isParquet(magic)) return { kind: 'skip', reason: 'Parquet file (an output, not a source export)' };
    const gzip = isGzip(file, magic);
    const first = await firstNonBlankLine(file, gzip);
    if (!first) return { kind: 'skip', reason: 'empty file (no records)' };
    const text = stripBom(first.text).trim();
    if (text.includes('\u0000')) return { kind: 'skip', reason: 'binary file' };
    const looksJson = text.startsWith('{') || text.startsWith('[');
    if (looksJson || JSON_EXTENSIONS.has(innerExtension(file))) {
      return detectJsonLines(file, gzip, { line: first.line, text });
    }
    return detectCsv(file, gzip, { text });
  } catch (error) {
    throw asSourceFileError(file, error);
  }
}
