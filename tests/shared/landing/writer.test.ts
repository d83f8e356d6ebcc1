import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LandingWriter, QUARANTINE_RAW_MAX_CHARS, quarantineRaw } from '../../../shared/landing/writer.js';
import type { BpmRecord } from '../../../shared/feeds/generated/types.js';
import { MemoryLandingStore } from '../../support/memoryLandingStore.js';

const at = new Date('2023-03-11T23:59:59.500Z');
const readings: BpmRecord[] = [
  { device_id: 14, time: 1678578000.25, heartrate: 71.5 },
  { device_id: 14, time: 1678578001, heartrate: null },
];
const expectedText =
  '{"device_id":14,"time":1678578000.25,"heartrate":71.5}\n{"device_id":14,"time":1678578001,"heartrate":null}\n';
const expectedId = createHash('sha256').update(expectedText).digest('hex').slice(0, 32);

describe('LandingWriter.landBatch', () => {
  it('writes one NDJSON line per record under <feed>/ingest_date=<UTC date>/<source>-<sha256 prefix>', async () => {
    const store = new MemoryLandingStore();
    const landed = await new LandingWriter(store, { now: () => at }).landBatch('bpm', readings, 'http');
    expect(landed).toEqual({
      path: `bpm/ingest_date=2023-03-11/http-${expectedId}.ndjson`,
      outcome: 'created',
      count: 2,
    });
    expect(store.bytes(landed)?.toString('utf8')).toBe(expectedText);
  });

  it('lands the same batch once: a retry reports exists', async () => {
    const store = new MemoryLandingStore();
    const writer = new LandingWriter(store, { now: () => at });
    await writer.landBatch('bpm', readings, 'http');
    const again = await writer.landBatch('bpm', readings, 'http');
    expect(again?.outcome).toBe('exists');
    expect(await store.list('bpm/')).toHaveLength(1);
  });

  it("lands a replay after midnight at the first landing's path (its date is recorded, not taken from the clock)", async () => {
    const store = new MemoryLandingStore();
    let clock = at;
    const writer = new LandingWriter(store, { now: () => clock });
    const first = await writer.landBatch('bpm', readings, 'http');
    clock = new Date(at.getTime() + 1000); // 00:00:00.500 the next day
    const replay = await writer.landBatch('bpm', readings, 'http');
    expect(replay).toEqual({ path: first?.path, outcome: 'exists', count: 2 });
    expect(await store.list('bpm/')).toEqual([first?.path]);
    // A crash after the date marker but before the file: the retry the next day lands at the recorded date.
    const other = [{ device_id: 15, time: 1678578000, heartrate: 60 }];
    const crashed = new LandingWriter(
      {
        ...store,
        putIfAbsent: (p: string, c: Buffer) =>
          p.startsWith('_batches/') ? store.putIfAbsent(p, c) : Promise.reject(new Error('crash')),
        read: (p: string) => store.read(p),
        list: (p: string) => store.list(p),
        describe: () => 'crashing',
      },
      { now: () => at },
    );
    await expect(crashed.landBatch('bpm', other, 'http')).rejects.toThrow('crash');
    const retried = await writer.landBatch('bpm', other, 'http');
    expect(retried?.path).toMatch(/^bpm\/ingest_date=2023-03-11\//);
    expect(retried?.outcome).toBe('created');
  });

  it('lands a batch with a date of its own (Event Hubs enqueued time) under that date, whatever the clock', async () => {
    const store = new MemoryLandingStore();
    const landed = await new LandingWriter(store, { now: () => at }).landBatch('bpm', readings, 'eh-p1', '5-6', {
      date: '2023-03-10',
    });
    expect(landed?.path).toBe('bpm/ingest_date=2023-03-10/eh-p1-5-6.ndjson');
    expect([...store.files.keys()]).toEqual([landed?.path]); // no date marker needed
  });

  it('uses the given batch id (Event Hubs sequence range)', async () => {
    const store = new MemoryLandingStore();
    const landed = await new LandingWriter(store, { now: () => at }).landBatch('bpm', readings, 'eh-p3', '120-121');
    expect(landed?.path).toBe('bpm/ingest_date=2023-03-11/eh-p3-120-121.ndjson');
  });

  it('gzips the same bytes and keeps the id of the uncompressed content', async () => {
    const store = new MemoryLandingStore();
    const landed = await new LandingWriter(store, { gzip: true, now: () => at }).landBatch('bpm', readings, 'backfill');
    expect(landed?.path).toBe(`bpm/ingest_date=2023-03-11/backfill-${expectedId}.ndjson.gz`);
    expect(gunzipSync(store.bytes(landed)).toString('utf8')).toBe(expectedText);
  });

  it('writes nothing for an empty batch', async () => {
    const store = new MemoryLandingStore();
    expect(await new LandingWriter(store).landBatch('bpm', [], 'http')).toBeUndefined();
    expect(store.files.size).toBe(0);
  });

  it('refuses a source or batch id that would change the path', async () => {
    const writer = new LandingWriter(new MemoryLandingStore());
    await expect(writer.landBatch('bpm', readings, '../x')).rejects.toThrow(/source/);
    await expect(writer.landBatch('bpm', readings, 'http', 'a/b')).rejects.toThrow(/batch id/);
  });
});

describe('LandingWriter.quarantine', () => {
  const rejected = [
    { index: 3, errors: ['action: must be one of "start", "stop"'], raw: { user_id: 1, action: 'go' } },
    { index: 5, errors: ['(record): must be object'], raw: 'not json' },
  ];

  it('writes the documented line shape under quarantine/<feed>/', async () => {
    const store = new MemoryLandingStore();
    const landed = await new LandingWriter(store, { now: () => at }).quarantine('workout', rejected, 'http');
    expect(landed?.path).toMatch(/^quarantine\/workout\/ingest_date=2023-03-11\/http-[0-9a-f]{32}\.ndjson$/);
    const lines = store
      .bytes(landed)
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        feed: 'workout',
        source: 'http',
        received_at: '2023-03-11T23:59:59.500Z',
        index: 3,
        errors: ['action: must be one of "start", "stop"'],
        raw: '{"user_id":1,"action":"go"}',
        raw_encoding: 'json',
        raw_length: 27,
      },
      {
        feed: 'workout',
        source: 'http',
        received_at: '2023-03-11T23:59:59.500Z',
        index: 5,
        errors: ['(record): must be object'],
        raw: '"not json"',
        raw_encoding: 'json',
        raw_length: 10,
      },
    ]);
  });

  it('gives a retry a second later the same quarantine file', async () => {
    const store = new MemoryLandingStore();
    let clock = at.getTime() - 5000;
    const writer = new LandingWriter(store, { now: () => new Date((clock += 1000)) });
    const first = await writer.quarantine('workout', rejected, 'http');
    const second = await writer.quarantine('workout', rejected, 'http');
    expect(second).toEqual({ path: first?.path, outcome: 'exists', count: 2 });
  });

  it('stays plain NDJSON when feed files are gzipped', async () => {
    const store = new MemoryLandingStore();
    const landed = await new LandingWriter(store, { gzip: true, now: () => at }).quarantine(
      'workout',
      rejected,
      'http',
    );
    expect(landed?.path.endsWith('.ndjson')).toBe(true);
    expect(JSON.parse(store.bytes(landed).toString('utf8').split('\n')[0] ?? '')).toMatchObject({ index: 3 });
  });
});

describe('quarantineRaw', () => {
  it('keeps the original text, not a re-serialisation (1e400 and 2^53 + 1 survive)', () => {
    const text = '{"device_id":9007199254740993,"time":1e400}';
    expect(
      quarantineRaw({ index: 0, errors: [], raw: JSON.parse(text), original: { text, encoding: 'utf-8' } }),
    ).toEqual({ raw: text, raw_encoding: 'utf-8', raw_length: text.length });
  });

  it('keeps base64 of bytes that are not UTF-8', () => {
    expect(quarantineRaw({ index: 0, errors: [], raw: null, original: { text: '//4=', encoding: 'base64' } })).toEqual({
      raw: '//4=',
      raw_encoding: 'base64',
      raw_length: 4,
    });
  });

  it('cuts the text at the documented cap and says so', () => {
    const text = 'x'.repeat(QUARANTINE_RAW_MAX_CHARS + 10);
    const raw = quarantineRaw({ index: 0, errors: [], raw: null, original: { text, encoding: 'utf-8' } });
    expect(raw.raw).toHaveLength(QUARANTINE_RAW_MAX_CHARS);
    expect(raw).toMatchObject({ raw_truncated: true, raw_length: QUARANTINE_RAW_MAX_CHARS + 10 });
  });

  it('never overflows the stack on a deeply nested parsed value (no original text)', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(quarantineRaw({ index: 0, errors: [], raw: deep }).raw).toMatch(/not kept: nested more than 64/);
    const store = new MemoryLandingStore();
    const landed = await new LandingWriter(store, { now: () => at }).quarantine(
      'bpm',
      [{ index: 0, errors: ['x'], raw: deep }],
      'eh',
    );
    expect(landed?.outcome).toBe('created');
  });
});
