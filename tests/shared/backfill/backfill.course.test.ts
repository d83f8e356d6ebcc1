/**
 * The acceptance run: the SBIT course exports land with 0 rejected, with the counts the issue
 * states, mapped values checked against the raw files, and a replay that lands nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfill, type BackfillSummary } from '../../../shared/backfill/backfill.js';
import { tempLanding, type TempLanding } from './landingFixture.js';

const COURSE_DATA = new URL('../../fixtures/sbit-course/data', import.meta.url).pathname;

describe('backfill of the course data', () => {
  let landing: TempLanding;
  let first: BackfillSummary;

  beforeAll(async () => {
    landing = await tempLanding();
    first = await backfill([COURSE_DATA], { writer: landing.writer });
  });
  afterAll(() => landing.cleanup());

  it('accepts every record with the expected per-feed counts and rejects none', () => {
    expect(first.ok).toBe(true);
    const accepted = Object.fromEntries(Object.entries(first.feeds).map(([feed, t]) => [feed, t.accepted]));
    expect(accepted).toEqual({ registration: 10, profile: 13, bpm: 253_801, workout: 32, gym_visit: 16 });
    for (const tally of Object.values(first.feeds)) expect(tally.rejected).toBe(0);
  });

  it('lands exactly those records and no quarantine file', async () => {
    expect(await landing.records('registration/')).toHaveLength(10);
    expect(await landing.records('profile/')).toHaveLength(13);
    expect(await landing.records('workout/')).toHaveLength(32);
    expect(await landing.records('gym_visit/')).toHaveLength(16);
    const bpm = await landing.records('bpm/');
    expect(bpm).toHaveLength(253_801);
    // Course README: one reading per second for two devices, no duplicate keys.
    expect(bpm.filter((r) => r['device_id'] === 118440)).toHaveLength(171_901);
    expect(bpm.filter((r) => r['device_id'] === 175406)).toHaveLength(81_900);
    expect(new Set(bpm.map((r) => `${String(r['device_id'])}/${String(r['time'])}`)).size).toBe(253_801);
    expect(await landing.files('quarantine/')).toEqual([]);
  });

  it('skips the non-feed files with a note saying why', () => {
    const skipped = first.files.filter((f) => f.status === 'skipped');
    const names = skipped.map((f) => f.file.split('/').pop()).sort();
    expect(names).toEqual([
      '6-date-lookup.json',
      '7-gym_summary_1.jsonl',
      '7-gym_summary_1.parquet',
      '7-gym_summary_2.jsonl',
      '7-gym_summary_2.parquet',
      '8-workout_bpm_summary_2.jsonl',
      '8-workout_bpm_summary_2.parquet',
    ]);
    const reasonOf = (name: string): string => {
      const report = skipped.find((f) => f.file.endsWith(name));
      return report?.status === 'skipped' ? report.reason : '';
    };
    expect(reasonOf('6-date-lookup.json')).toMatch(/without a Kafka topic/);
    expect(reasonOf('7-gym_summary_1.parquet')).toMatch(/Parquet/);
  });

  it('maps the raw values (spot checks written from the raw lines)', async () => {
    // 2-user_info_1.json line 1: timestamp 1678451168.0, dob "07/25/1939", zip 91340 (integer).
    const profiles = await landing.records('profile/');
    expect(profiles.find((p) => p['user_id'] === 12474 && p['update_type'] === 'new')).toEqual({
      user_id: 12474,
      update_type: 'new',
      timestamp: 1678451168,
      dob: '1939-07-25',
      sex: 'M',
      gender: 'M',
      first_name: 'Matthew',
      last_name: 'Phillips',
      address: { street_address: '02648 Wilkins Cliffs Suite 998', city: 'San Fernando', state: 'CA', zip: '91340' },
    });
    // 1-registered_users_1.csv line 2.
    expect(await landing.records('registration/')).toContainEqual({
      user_id: 12474,
      device_id: 118440,
      mac_address: '4c:c5:9f:cb:13:bd',
      registration_timestamp: 1678451168,
    });
    // 5-gym_logins_1.csv line 2.
    expect(await landing.records('gym_visit/')).toContainEqual({
      mac_address: '4c:c5:9f:cb:13:bd',
      gym: 5,
      login: 1678521600,
      logout: 1678526100,
    });
    // 4-workout_1.json line 1: timestamp 1678521900.0.
    expect(await landing.records('workout/')).toContainEqual({
      user_id: 12474,
      workout_id: 1,
      session_id: 1,
      action: 'start',
      timestamp: 1678521900,
    });
    // Last line of 3-bpm_1.json.gz: the double survives bit for bit.
    expect(await landing.records('bpm/')).toContainEqual({
      device_id: 118440,
      time: 1678581900,
      heartrate: 67.1687140788461,
    });
  });

  it('lands nothing new when the same exports are replayed', async () => {
    const before = await landing.files();
    const replay = await backfill([COURSE_DATA], { writer: landing.writer });
    expect(replay.ok).toBe(true);
    for (const tally of Object.values(replay.feeds)) expect(tally.filesCreated).toBe(0);
    expect(replay.feeds.bpm.filesExisting).toBeGreaterThan(0);
    expect(await landing.files()).toEqual(before);
  });
});
