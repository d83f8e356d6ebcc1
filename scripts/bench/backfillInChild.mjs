// One backfill of one file, measured inside the process that runs it (the bench scripts call this in a
// child process so that its peak RSS is the backfill's own): wall seconds, peak RSS and the summary.
import path from 'node:path';
import { repoRoot } from '../bootstrap.mjs';

const DIST = path.join(repoRoot, 'dist', 'shared');

export async function measureBackfill(file, home) {
  const { backfill } = await import(path.join(DIST, 'backfill', 'backfill.js'));
  const { FsLandingStore } = await import(path.join(DIST, 'landing', 'FsLandingStore.js'));
  const { LandingWriter } = await import(path.join(DIST, 'landing', 'writer.js'));
  const writer = new LandingWriter(new FsLandingStore(path.join(home, 'landing')));
  const started = process.hrtime.bigint();
  const summary = await backfill([file], { writer });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { summary, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}
