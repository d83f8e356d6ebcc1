// Backfill throughput and memory: generates a synthetic gzip BPM export in the course format
// (Kafka envelopes, one reading per second per device) and ingests it in a child process,
// which reports records/s and its peak RSS. Size: BENCH_BACKFILL_RECORDS (default 2,000,000,
// about 350 MB uncompressed; 6,000,000 is about 1 GB). Prints {"backfill": {...}} as its last line.
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createGzip, constants } from 'node:zlib';
import { measureBackfill } from './backfillInChild.mjs';

async function child(file, home) {
  const { summary, seconds, maxRssMb } = await measureBackfill(file, home);
  console.log(JSON.stringify({ accepted: summary.feeds.bpm.accepted, seconds, maxRssMb, ok: summary.ok }));
}

async function generate(file, records) {
  const gzip = createGzip({ level: constants.Z_BEST_SPEED });
  const out = gzip.pipe(createWriteStream(file));
  const devices = [118440, 175406, 102558, 141687];
  let block = '';
  for (let i = 0; i < records; i += 1) {
    const device = devices[i % devices.length];
    const time = 1678410000 + Math.floor(i / devices.length);
    const value = `{"device_id": ${device}, "time": ${time}, "heartrate": ${40 + ((i * 7919) % 6000) / 100.123}}`;
    block += `${JSON.stringify({ key: String(device), value, topic: 'bpm', partition: 0, offset: i, timestamp: time })}\n`;
    if (block.length > 1 << 20) {
      if (!gzip.write(block)) await once(gzip, 'drain');
      block = '';
    }
  }
  gzip.end(block);
  await once(out, 'finish');
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
} else {
  const records = Number(process.env.BENCH_BACKFILL_RECORDS ?? 2_000_000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulselake-bench-backfill-'));
  try {
    const file = path.join(dir, '3-bpm_bench.json.gz');
    await generate(file, records);
    const size = (await stat(file)).size;
    const run = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', file, dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`ingest child exited with ${run.status}`);
    const result = JSON.parse(run.stdout.trim().split('\n').pop());
    console.error(
      `backfill: ${result.accepted.toLocaleString('en-US')} BPM records from ${(size / 1e6).toFixed(1)} MB gzip ` +
        `in ${result.seconds.toFixed(1)} s`,
    );
    console.log(
      JSON.stringify({
        backfill: {
          records: result.accepted,
          records_per_s: Math.round(result.accepted / result.seconds),
          peak_rss_mb: Math.round(result.maxRssMb),
        },
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
