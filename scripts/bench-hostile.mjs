// Backfill on hostile files (issue 11, docs/reliability.md): each case is a gzip export that
// expands to BENCH_HOSTILE_MB (default 1024) MB, ingested in a child process that reports its
// time and peak RSS. Cases: one single over-long line; nothing but newlines. The promise is peak
// RSS under 300 MB and at least 100 MB/s of decompressed blank lines. Exits 1 when broken.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createGzip, constants } from 'node:zlib';
import { measureBackfill } from './bench/backfillInChild.mjs';

const RSS_LIMIT_MB = 300;
const BLANK_MB_PER_S = 100;

async function child(file, home) {
  const { summary, seconds, maxRssMb } = await measureBackfill(file, home);
  console.log(JSON.stringify({ seconds, maxRssMb, files: summary.files, rejected: summary.feeds.bpm.rejected }));
}

/** A gzip file of `megabytes` MB: `head`, then `fill` repeated, then `tail`. */
async function generate(file, megabytes, head, fill, tail) {
  const gzip = createGzip({ level: constants.Z_BEST_SPEED });
  const out = gzip.pipe(createWriteStream(file));
  const block = Buffer.alloc(1 << 20, fill);
  gzip.write(head);
  for (let i = 0; i < megabytes; i += 1) if (!gzip.write(block)) await once(gzip, 'drain');
  gzip.end(tail);
  await once(out, 'finish');
}

const READING = JSON.stringify({
  key: '7',
  value: '{"device_id": 7, "time": 1678410000, "heartrate": 60}',
  topic: 'bpm',
  partition: 0,
  offset: 1,
  timestamp: 1678410000,
});

const CASES = [
  { name: 'one over-long line', head: '{"topic":"bpm","value":"', fill: 'x', tail: '"}\n' },
  { name: 'over-long line, then a reading', head: '{"topic":"bpm","value":"', fill: 'x', tail: `"}\n${READING}\n` },
  { name: 'only newlines', head: '', fill: '\n', tail: '' },
];

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
} else {
  const megabytes = Number(process.env.BENCH_HOSTILE_MB ?? 1024);
  let broken = false;
  for (const c of CASES) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pulselake-bench-hostile-'));
    try {
      const file = path.join(dir, '3-bpm_hostile.json.gz');
      await generate(file, megabytes, c.head, c.fill, c.tail);
      const size = (await stat(file)).size;
      const run = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', file, dir], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (run.status !== 0) throw new Error(`ingest child exited with ${run.status}`);
      const r = JSON.parse(run.stdout.trim().split('\n').pop());
      const rate = megabytes / r.seconds;
      const ok = r.maxRssMb < RSS_LIMIT_MB && (c.fill !== '\n' || rate >= BLANK_MB_PER_S);
      broken ||= !ok;
      console.log(
        `bench-hostile: ${c.name}: ${megabytes} MB from ${(size / 1e6).toFixed(1)} MB gzip in ${r.seconds.toFixed(1)} s ` +
          `(${rate.toFixed(0)} MB/s), peak RSS ${r.maxRssMb.toFixed(0)} MB, file ${r.files[0]?.status}` +
          `${r.files[0]?.reason ? ` (${r.files[0].reason})` : ''}, quarantined ${r.rejected} ${ok ? 'OK' : 'BROKEN'}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (broken) process.exit(1);
}
