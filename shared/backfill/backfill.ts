/**
 * The backfill core behind `pulselake ingest`: reads legacy exports file by file (streamed),
 * maps each row onto its feed, and lands/quarantines it in chunks through the LandingWriter.
 * A file that cannot be read or parsed at all is reported as failed; the others still run.
 */
import { stat } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse';
import { FEED_NAMES, type FeedName } from '../feeds/registry.js';
import type { LandingWriter } from '../landing/writer.js';
import { detectFormat, type SourceFormat } from './detectFormat.js';
import { addTally, emptyTally, FeedChunker, type FeedTally, type SourceEntry } from './FeedChunker.js';
import { listInputFiles } from './inputFiles.js';
import { headerName, mapEnvelopeLine, type CsvFormat } from './mapping.js';
import { asSourceFileError, MAX_LINE_BYTES, openDecoded, readLineBatches } from './sourceFile.js';

export const BACKFILL_SOURCE = 'backfill';
export const DEFAULT_CHUNK_SIZE = 50_000;

export interface BackfillOptions {
  writer: LandingWriter;
  /** Records per landing file (per feed and file). */
  chunkSize?: number;
  /** Called with the total size of the inputs before reading, then with each block read. */
  onStart?: (totalBytes: number) => void;
  onBytesRead?: (bytes: number) => void;
}

export type FileReport =
  | { file: string; status: 'ingested'; feeds: Partial<Record<FeedName, FeedTally>> }
  | { file: string; status: 'skipped'; reason: string }
  | { file: string; status: 'failed'; reason: string };

export interface BackfillSummary {
  files: FileReport[];
  feeds: Record<FeedName, FeedTally>;
  /** True when every file was read (skipped counts as read); rejected records do not matter. */
  ok: boolean;
}

async function ingestEnvelopes(
  file: string,
  format: Extract<SourceFormat, { kind: 'envelopes' }>,
  chunker: FeedChunker,
  onBytes?: (n: number) => void,
): Promise<void> {
  const stream = openDecoded(file, format.gzip, onBytes);
  for await (const lines of readLineBatches(stream)) {
    for (const { line, text, overlongBytes } of lines) {
      let feed: FeedName;
      let entry: SourceEntry;
      if (overlongBytes !== undefined) {
        const error = `(line): ${overlongBytes} bytes, longer than the limit of ${MAX_LINE_BYTES}`;
        feed = format.firstFeed;
        entry = { line, raw: null, original: text, error };
      } else {
        const mapped = mapEnvelopeLine(text, format.firstFeed);
        feed = mapped.feed;
        entry =
          'error' in mapped
            ? { line, raw: mapped.raw, original: text, error: mapped.error }
            : { line, raw: mapped.raw, original: text, record: mapped.record };
      }
      if (chunker.push(feed, entry)) await chunker.land(feed);
    }
  }
}

/** Header cells -> row object; a row with another number of cells is quarantined as such. */
async function ingestCsv(
  file: string,
  gzip: boolean,
  format: CsvFormat,
  chunker: FeedChunker,
  onBytes?: (n: number) => void,
): Promise<void> {
  const stream = openDecoded(file, gzip, onBytes);
  // max_record_size bounds memory on a hostile row; `raw` keeps each row's text for quarantine.
  const parser = parseCsv({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    raw: true,
    max_record_size: MAX_LINE_BYTES,
  });
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);
  let header: string[] | undefined;
  type Row = { record: string[]; info: { lines: number }; raw: string };
  for await (const { record, info, raw: text } of parser as AsyncIterable<Row>) {
    const original = text.replace(/^[\r\n]+|[\r\n]+$/g, '');
    if (record.every((cell) => cell.trim() === '')) continue;
    if (!header) {
      header = record.map(headerName);
      continue;
    }
    const raw = Object.fromEntries(header.map((name, i) => [name, record[i] ?? '']));
    const entry: SourceEntry =
      record.length !== header.length
        ? {
            line: info.lines,
            raw: record,
            original,
            error: `(row): has ${record.length} fields, the header has ${header.length}`,
          }
        : { line: info.lines, raw, original, record: format.map(raw) };
    if (chunker.push(format.feed, entry)) await chunker.land(format.feed);
  }
}

async function ingestFile(file: string, options: BackfillOptions, chunkSize: number): Promise<FileReport> {
  let format: SourceFormat;
  try {
    format = await detectFormat(file);
  } catch (error) {
    return { file, status: 'failed', reason: asSourceFileError(file, error).reason };
  }
  if (format.kind === 'skip') return { file, status: 'skipped', reason: format.reason };
  const chunker = new FeedChunker(options.writer, chunkSize, BACKFILL_SOURCE);
  try {
    if (format.kind === 'csv') await ingestCsv(file, format.gzip, format.format, chunker, options.onBytesRead);
    else await ingestEnvelopes(file, format, chunker, options.onBytesRead);
    await chunker.flushAll();
  } catch (error) {
    chunker.discard();
    // A chunk still being written is waited for, so the count below includes it and no write
    // outlives this report.
    await chunker.settle();
    const landed = [...chunker.tallies.values()].reduce((n, t) => n + t.accepted, 0);
    const note = landed > 0 ? ` (${landed} records before the error were landed; a replay after fixing is safe)` : '';
    return { file, status: 'failed', reason: asSourceFileError(file, error).reason + note };
  }
  return { file, status: 'ingested', feeds: Object.fromEntries(chunker.tallies) };
}

export async function backfill(paths: readonly string[], options: BackfillOptions): Promise<BackfillSummary> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const { files, unreadable } = await listInputFiles(paths);
  const reports: FileReport[] = unreadable.map((u) => ({ file: u.path, status: 'failed', reason: u.reason }));
  if (options.onStart) {
    const sizes = await Promise.all(
      files.map((f) =>
        stat(f).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    options.onStart(sizes.reduce((a, b) => a + b, 0));
  }
  for (const file of files) reports.push(await ingestFile(file, options, chunkSize));

  const feeds = Object.fromEntries(FEED_NAMES.map((feed) => [feed, emptyTally()])) as Record<FeedName, FeedTally>;
  for (const report of reports) {
    if (report.status !== 'ingested') continue;
    for (const [feed, tally] of Object.entries(report.feeds) as [FeedName, FeedTally][]) addTally(feeds[feed], tally);
  }
  return { files: reports, feeds, ok: reports.every((r) => r.status !== 'failed') };
}
