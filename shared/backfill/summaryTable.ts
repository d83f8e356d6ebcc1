/** Renders a backfill summary as the plain-text report `pulselake ingest` ends with. */
import path from 'node:path';
import { FEED_NAMES } from '../feeds/registry.js';
import type { BackfillSummary } from './backfill.js';

function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

const count = (n: number): string => n.toLocaleString('en-US');

export function formatSummary(summary: BackfillSummary, landingLocation: string): string {
  const lines: string[] = [];
  const rows = [['feed', 'accepted', 'rejected', 'new files', 'already landed']];
  for (const feed of FEED_NAMES) {
    const t = summary.feeds[feed];
    rows.push([feed, count(t.accepted), count(t.rejected), count(t.filesCreated), count(t.filesExisting)]);
  }
  lines.push(...table(rows));

  const skipped = summary.files.filter((f) => f.status === 'skipped');
  const failed = summary.files.filter((f) => f.status === 'failed');
  const ingested = summary.files.length - skipped.length - failed.length;
  lines.push(
    '',
    `files: ${ingested} ingested, ${skipped.length} skipped, ${failed.length} failed -> ${landingLocation}`,
  );
  for (const f of skipped) lines.push(`  skipped ${path.basename(f.file)}: ${f.reason}`);
  for (const f of failed) lines.push(`  FAILED  ${f.file}: ${f.reason}`);
  const rejected = FEED_NAMES.reduce((n, feed) => n + summary.feeds[feed].rejected, 0);
  if (rejected > 0)
    lines.push(`${count(rejected)} rejected records were quarantined with their reasons (quarantine/<feed>/).`);
  return lines.join('\n');
}
