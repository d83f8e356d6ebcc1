import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backfill, type FileReport } from '../../../shared/backfill/backfill.js';
import { tempLanding, type TempLanding } from './landingFixture.js';

const envelope = (topic: string, value: unknown, offset = 0): string =>
  JSON.stringify({ key: 'k', value: JSON.stringify(value), topic, partition: 0, offset, timestamp: 1678410000 });

const bpm = (time: number, heartrate: unknown = 60): Record<string, unknown> => ({ device_id: 7, time, heartrate });

describe('backfill', () => {
  let landing: TempLanding;
  let inputs: string;

  beforeEach(async () => {
    landing = await tempLanding();
    inputs = path.join(landing.dir, 'exports');
    await mkdir(inputs);
  });
  afterEach(() => landing.cleanup());

  async function input(name: string, content: string | Buffer): Promise<string> {
    const file = path.join(inputs, name);
    await writeFile(file, content);
    return file;
  }

  function report(reports: FileReport[], name: string): FileReport | undefined {
    return reports.find((r) => r.file.endsWith(name));
  }

  it('quarantines the records it rejects, with their line, reasons and raw row, and lands the rest', async () => {
    const lines = [
      envelope('bpm', bpm(1678410000, 61.5)),
      '',
      envelope('bpm', bpm(1678410001, 'high')),
      '{"topic": "bpm", "value": "{\\"device_id\\": 7',
      '   ',
      envelope('clicks', { x: 1 }),
      envelope('bpm', { ...bpm(1678410002), extra: true }),
      envelope('bpm', bpm(1678410003, null)),
    ];
    await input('3-bpm.json', lines.join('\n'));

    const summary = await backfill([inputs], { writer: landing.writer });

    expect(summary.ok).toBe(true);
    expect(summary.feeds.bpm).toMatchObject({ accepted: 2, rejected: 4 });
    expect(await landing.records('bpm/')).toEqual([bpm(1678410000, 61.5), bpm(1678410003, null)]);
    const quarantined = await landing.records('quarantine/bpm/');
    expect(quarantined.map((q) => q['index'])).toEqual([3, 4, 6, 7]);
    expect(quarantined.every((q) => q['feed'] === 'bpm' && q['source'] === 'backfill')).toBe(true);
    const [badValue, notJson, unknownTopic, extraField] = quarantined;
    expect(badValue?.['errors']).toEqual(['heartrate: must be number,null']);
    expect(badValue?.['raw']).toBe(lines[2]); // the line as read
    expect(notJson?.['raw']).toBe(lines[3]);
    expect(notJson?.['errors']).toEqual([expect.stringContaining('(line): not valid JSON')]);
    expect(unknownTopic?.['errors']).toEqual([expect.stringContaining('"clicks"')]);
    expect(extraField?.['errors']).toEqual(['extra: unknown field']);
  });

  it('reads CSV with a BOM, CRLF, blank lines and quoted cells; bad rows go to quarantine', async () => {
    const csv = [
      '\uFEFFuser_id,device_id,mac_address,registration_timestamp',
      '1,10,AA:BB:CC:DD:EE:01,1678451168',
      '',
      '2,20,not-a-mac,1678451169.0',
      '3,30,aa:bb:cc:dd:ee:03',
      '"4","40","aa:bb:cc:dd:ee:04","1678451170"',
      ',,,',
    ].join('\r\n');
    await input('1-registered_users.csv', csv);

    const summary = await backfill([inputs], { writer: landing.writer });

    expect(summary.feeds.registration).toMatchObject({ accepted: 2, rejected: 2 });
    expect(await landing.records('registration/')).toEqual([
      { user_id: 1, device_id: 10, mac_address: 'aa:bb:cc:dd:ee:01', registration_timestamp: 1678451168 },
      { user_id: 4, device_id: 40, mac_address: 'aa:bb:cc:dd:ee:04', registration_timestamp: 1678451170 },
    ]);
    const quarantined = await landing.records('quarantine/registration/');
    expect(quarantined.map((q) => q['index'])).toEqual([4, 5]);
    expect(quarantined[0]?.['errors']).toEqual([expect.stringMatching(/^mac_address: must match pattern/)]);
    expect(quarantined[0]?.['raw']).toBe('2,20,not-a-mac,1678451169.0'); // the row as read
    expect(quarantined[1]?.['errors']).toEqual(['(row): has 3 fields, the header has 4']);
  });

  it('reads gzip exports and writes gzip landing files when asked', async () => {
    const gz = await tempLanding({ gzip: true });
    try {
      await input('5-gym_logins.csv.gz', gzipSync('mac_address,gym,login,logout\naa:bb:cc:dd:ee:ff,5,1678521600,\n'));
      const summary = await backfill([inputs], { writer: gz.writer });
      expect(summary.feeds.gym_visit.accepted).toBe(1);
      const files = await gz.files('gym_visit/');
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.ndjson\.gz$/);
      expect(await gz.records('gym_visit/')).toEqual([{ mac_address: 'aa:bb:cc:dd:ee:ff', gym: 5, login: 1678521600 }]);
    } finally {
      await gz.cleanup();
    }
  });

  it('cuts files into chunks at the same rows every run, so a replay lands no new file', async () => {
    await input('bpm.json', [1, 2, 3, 4, 5].map((i) => envelope('bpm', bpm(1678410000 + i))).join('\n') + '\n');

    const first = await backfill([inputs], { writer: landing.writer, chunkSize: 2 });
    const files = await landing.files();
    const second = await backfill([inputs], { writer: landing.writer, chunkSize: 2 });

    expect(first.feeds.bpm).toMatchObject({ accepted: 5, filesCreated: 3, filesExisting: 0 });
    expect(second.feeds.bpm).toMatchObject({ accepted: 5, filesCreated: 0, filesExisting: 3 });
    expect(await landing.files()).toEqual(files);
  });

  it('replays rejected records into the same quarantine file', async () => {
    await input('bpm.json', envelope('bpm', bpm(5)));
    await backfill([inputs], { writer: landing.writer });
    const second = await backfill([inputs], { writer: landing.writer });
    expect(second.feeds.bpm).toMatchObject({ rejected: 1, filesCreated: 0, filesExisting: 1 });
    expect(await landing.files('quarantine/')).toHaveLength(1);
  });

  it('skips files that are not feed exports, saying why', async () => {
    await input('lookup.json', '{"date":"2023-01-01","week":"1"}\n');
    await input('other.json', envelope('clicks', { x: 1 }));
    await input('people.csv', 'name,age\nann,3\n');
    await input('empty.json', '\n\n');
    await input('out.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(16), Buffer.from('PAR1')]));

    const summary = await backfill([inputs], { writer: landing.writer });

    expect(summary.ok).toBe(true);
    const reasons = Object.fromEntries(
      summary.files.map((f) => [path.basename(f.file), f.status === 'skipped' ? f.reason : f.status]),
    );
    expect(reasons).toEqual({
      'lookup.json': expect.stringMatching(/without a Kafka topic .*date, week/),
      'other.json': expect.stringMatching(/topic "clicks"/),
      'people.csv': expect.stringMatching(/"name,age" is no feed's CSV header/),
      'empty.json': expect.stringMatching(/empty/),
      'out.parquet': expect.stringMatching(/Parquet/),
    });
    expect(await landing.files()).toEqual([]);
  });

  describe('files that cannot be read or parsed at all', () => {
    it('fails a truncated gzip, a .gz that is not gzip, a non-JSON .json and a missing path, and still ingests the rest', async () => {
      const big = Array.from({ length: 2000 }, (_, i) => envelope('bpm', bpm(1678410000 + i), i)).join('\n');
      const gz = gzipSync(big);
      await input('a-truncated.json.gz', gz.subarray(0, gz.length - 40));
      await input('b-plain.json.gz', envelope('bpm', bpm(1678410000)));
      await input('c-garbage.json', 'this is not json\n{"topic":"bpm"}\n');
      await input(
        'd-good.json',
        envelope('workout', { user_id: 1, workout_id: 1, session_id: 1, action: 'start', timestamp: 1678521900.0 }),
      );
      const missing = path.join(inputs, 'nope');

      const summary = await backfill([inputs, missing], { writer: landing.writer, chunkSize: 500 });

      expect(summary.ok).toBe(false);
      const status = (name: string): FileReport | undefined => report(summary.files, name);
      expect(status('a-truncated.json.gz')).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/bad gzip data/),
      });
      expect(status('b-plain.json.gz')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not gzip/) });
      expect(status('c-garbage.json')).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/not valid JSON lines: line 1/),
      });
      expect(status('nope')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/cannot read.*ENOENT/) });
      expect(status('d-good.json')).toMatchObject({ status: 'ingested' });
      expect(summary.feeds.workout.accepted).toBe(1);
    });

    it('fails a CSV that cannot be parsed (unclosed quote)', async () => {
      await input('gym.csv', 'mac_address,gym,login,logout\n"aa:bb:cc:dd:ee:ff,5,1678521600,1678521700\n');
      const summary = await backfill([inputs], { writer: landing.writer });
      expect(summary.ok).toBe(false);
      expect(summary.files[0]).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^not valid CSV: .*quote/i),
      });
    });
  });
});
