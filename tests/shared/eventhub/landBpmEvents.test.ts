import { describe, expect, it } from 'vitest';
import { landBpmEvents } from '../../../shared/eventhub/landBpmEvents.js';
import type { LandingStore, PutOutcome } from '../../../shared/landing/LandingStore.js';
import { LandingWriter, toNdjson } from '../../../shared/landing/writer.js';

class MemoryStore implements LandingStore {
  readonly files = new Map<string, Buffer>();
  async putIfAbsent(relPath: string, content: Buffer): Promise<PutOutcome> {
    if (this.files.has(relPath)) return 'exists';
    this.files.set(relPath, Buffer.from(content)); // a copy: the caller's buffer may be a view
    return 'created';
  }
  async read(relPath: string): Promise<Buffer> {
    const file = this.files.get(relPath);
    if (!file) throw new Error(`no ${relPath}`);
    return file;
  }
  async list(): Promise<string[]> {
    return [...this.files.keys()];
  }
}

const deep = '['.repeat(70) + ']'.repeat(70);
const wide = `[${Array.from({ length: 70 }, (_, i) => i).join(',')}]`;
const valid = [
  '{"device_id":7,"time":1678521600,"heartrate":71.50}',
  '{ "device_id": 7, "time": 1678521601, "heartrate": 72 }',
  '{"device_id":9,"time":1678521604,"heartrate":1e2}',
];
// Valid bodies as Buffer, text and parsed value, next to every kind of poison event.
const events = [
  Buffer.from(valid[0] ?? ''),
  valid[1],
  { device_id: 7, time: 1678521602, heartrate: 73 },
  Buffer.from([0xff, 0xfe]),
  'hr=71',
  Buffer.from('{"device_id":"é€😀","time":1,"heartrate":2}'),
  Buffer.from(deep),
  wide,
  '{"device_id":8,"time":1678521603,"heartrate":74,"extra":1}',
  Buffer.from(valid[2] ?? ''),
];
const metadata = {
  partitionContext: { partitionId: '3' },
  sequenceNumberArray: events.map((_, i) => 100 + i),
  enqueuedTimeUtcArray: events.map(() => '2026-03-01T10:00:00Z'),
};

describe('landBpmEvents', () => {
  it('lands a mixed batch with the bytes landBatch writes and the name the earlier digest gave', async () => {
    const store = new MemoryStore();
    const writer = new LandingWriter(store, { now: () => new Date('2026-03-01T00:00:00Z') });
    const outcome = await landBpmEvents(events, metadata, writer);

    // Digest pinned from the implementation that hashed each body with its own update call.
    expect(outcome.batchId).toBe('100-109-1c8f0fa66fd0');
    expect(outcome).toMatchObject({ source: 'eh-p3', accepted: 4, rejected: 6 });
    const landedPath = 'bpm/ingest_date=2026-03-01/eh-p3-100-109-1c8f0fa66fd0.ndjson';
    expect(outcome.landed).toEqual({ path: landedPath, outcome: 'created', count: 4 });
    const readings = [valid[0], valid[1], events[2], valid[2]].map((r) => (typeof r === 'string' ? JSON.parse(r) : r));
    expect(store.files.get(landedPath)?.toString('utf8')).toBe(toNdjson(readings));

    const reference = new MemoryStore();
    await new LandingWriter(reference).landBatch('bpm', readings, 'eh-p3', outcome.batchId, { date: '2026-03-01' });
    expect(store.files.get(landedPath)).toEqual(reference.files.get(landedPath));

    const quarantine = store.files.get(`quarantine/${landedPath}`)?.toString('utf8') ?? '';
    const lines = quarantine
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.index, l.errors, l.raw_encoding])).toEqual([
      [3, ['body: not valid UTF-8'], 'base64'],
      [4, [expect.stringMatching(/^body: not valid JSON/)], 'utf-8'],
      [5, ['device_id: must be integer', 'time: must be >= 946684800'], 'utf-8'],
      [6, ['(record): nested 70 levels deep, more than the limit of 64'], 'utf-8'],
      [7, ['(record): an object or array with more than 64 members'], 'utf-8'],
      [8, ['extra: unknown field'], 'utf-8'],
    ]);
    expect(lines[3].raw).toBe(deep);
    expect(lines[4].raw).toBe(wide);
  });
});
