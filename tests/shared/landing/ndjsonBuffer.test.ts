import { describe, expect, it } from 'vitest';
import { NdjsonBuffer } from '../../../shared/landing/ndjsonBuffer.js';
import { LandingWriter, toNdjson } from '../../../shared/landing/writer.js';
import { MemoryLandingStore } from '../../support/memoryLandingStore.js';

// Multi-byte UTF-8, an astral character, an escaped lone surrogate and a line separator.
const records = Array.from({ length: 5000 }, (_, i) => ({
  device_id: i,
  time: 1678410000 + i,
  heartrate: 60 + i / 7,
  note: i % 3 === 0 ? 'Zürich 😀 \ud800 \u2028' : 'x'.repeat(i % 50),
}));

describe('NdjsonBuffer', () => {
  it('holds exactly the bytes of toNdjson, also after growing past its first buffer', () => {
    const out = new NdjsonBuffer();
    for (const record of records) out.append(JSON.stringify(record));
    expect(out.count).toBe(records.length);
    expect(out.bytes().length).toBeGreaterThan(64 * 1024);
    expect(out.bytes().equals(Buffer.from(toNdjson(records), 'utf8'))).toBe(true);
  });

  it('is empty before the first line', () => {
    const out = new NdjsonBuffer();
    expect(out.count).toBe(0);
    expect(out.bytes().length).toBe(0);
  });
});

describe('LandingWriter.landNdjson', () => {
  it('lands at the same content-hash path with the same bytes as landBatch of the records', async () => {
    const at = () => new Date('2024-05-01T12:00:00Z');
    for (const gzip of [false, true]) {
      const a = new MemoryLandingStore();
      const b = new MemoryLandingStore();
      const batch = records.map(({ note: _, ...bpm }) => bpm);
      const viaRecords = await new LandingWriter(a, { gzip, now: at }).landBatch('bpm', batch, 'backfill');
      const ndjson = new NdjsonBuffer();
      for (const record of batch) ndjson.append(JSON.stringify(record));
      const viaBytes = await new LandingWriter(b, { gzip, now: at }).landNdjson(
        'bpm',
        ndjson.bytes(),
        ndjson.count,
        'backfill',
      );
      expect(viaBytes).toEqual(viaRecords);
      expect(b.bytes(viaBytes).equals(a.bytes(viaRecords))).toBe(true);
    }
  });

  it('lands nothing for no records', async () => {
    const store = new MemoryLandingStore();
    expect(await new LandingWriter(store).landNdjson('bpm', Buffer.alloc(0), 0, 'backfill')).toBeUndefined();
    expect(store.files.size).toBe(0);
  });
});
