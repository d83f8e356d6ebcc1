// Event Hubs BPM handler core (`landBpmEvents`, batches of 1,000 events as Buffers, filesystem store)
// against its floor measured in the same process: decode the bytes, JSON.parse, the compiled ajv
// schema, one NDJSON serialisation and one durable file write per batch (write, fsync the file, fsync
// its folder: what the store must do before the trigger's checkpoint may move on). A floor without the
// fsyncs is measured too and printed, not compared: on a busy disk the two fsyncs dominate both paths.
// They alternate in short rounds so that load from other processes hits all alike.
// Prints {"ingest": {...}} as its last line.
import { mkdtemp, rm, writeFile, mkdir, open } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDecoder } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { repoRoot } from '../bootstrap.mjs';

const dist = (...parts) => path.join(repoRoot, 'dist', 'shared', ...parts);
const { landBpmEvents } = await import(dist('eventhub', 'landBpmEvents.js'));
const { FsLandingStore } = await import(dist('landing', 'FsLandingStore.js'));
const { LandingWriter, toNdjson } = await import(dist('landing', 'writer.js'));
const { loadSchema } = await import(dist('validation', 'validator.js'));

const BATCH = 1000;
const ROUNDS = Number(process.env.BENCH_EVENTHUB_ROUNDS ?? 6);
const BATCHES_PER_ROUND = Number(process.env.BENCH_EVENTHUB_BATCHES ?? 40);

function makeBatch(index) {
  const events = [];
  for (let i = 0; i < BATCH; i += 1) {
    const record = { device_id: 100 + (i % 50), time: 1678521600 + index * BATCH + i, heartrate: 55 + (i % 70) + 0.25 };
    events.push(Buffer.from(JSON.stringify(record)));
  }
  const first = index * BATCH;
  const sequenceNumberArray = Array.from({ length: BATCH }, (_, i) => first + i);
  return { events, metadata: { partitionContext: { partitionId: '0' }, sequenceNumberArray } };
}

const batches = Array.from({ length: ROUNDS * BATCHES_PER_ROUND * 3 }, (_, i) => makeBatch(i));
const home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-bench-eventhub-'));
const writer = new LandingWriter(new FsLandingStore(path.join(home, 'landing')));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(loadSchema('bpm'));
const utf8 = new TextDecoder('utf-8', { fatal: true });
const floorDir = path.join(home, 'floor');
await mkdir(floorDir, { recursive: true });

async function handler(batch) {
  await landBpmEvents(batch.events, batch.metadata, writer);
}

function parseAndValidate(batch) {
  const records = [];
  for (const body of batch.events) {
    const value = JSON.parse(utf8.decode(body));
    if (validate(value)) records.push(value);
  }
  return toNdjson(records);
}

async function syncPath(file, content) {
  const handle = await open(file, content === undefined ? 'r' : 'w');
  try {
    if (content !== undefined) await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function floor(batch, index) {
  await syncPath(path.join(floorDir, `${index}.ndjson`), parseAndValidate(batch));
  await syncPath(floorDir);
}

async function floorWithoutFsync(batch, index) {
  await writeFile(path.join(floorDir, `${index}.ndjson`), parseAndValidate(batch));
}

let next = 0;
const seconds = { handler: 0, floor: 0, floorWithoutFsync: 0 };
try {
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, fn] of [
      ['handler', handler],
      ['floor', floor],
      ['floorWithoutFsync', floorWithoutFsync],
    ]) {
      const started = performance.now();
      for (let b = 0; b < BATCHES_PER_ROUND; b += 1) {
        await fn(batches[next], next);
        next += 1;
      }
      // the first round warms the JIT and the file system for both and is not counted
      if (round > 0) seconds[name] += (performance.now() - started) / 1000;
    }
  }
} finally {
  await rm(home, { recursive: true, force: true });
}
const events = (ROUNDS - 1) * BATCHES_PER_ROUND * BATCH;
console.error(
  `eventhub: floor without the fsyncs ${Math.round(events / seconds.floorWithoutFsync).toLocaleString('en-US')} events/s`,
);
console.log(
  JSON.stringify({
    ingest: {
      eventhub_events_per_s: Math.round(events / seconds.handler),
      floor_events_per_s: Math.round(events / seconds.floor),
      batch: BATCH,
    },
  }),
);
