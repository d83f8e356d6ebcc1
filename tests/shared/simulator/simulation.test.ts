import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../../shared/validation/validator.js';
import { simulate } from '../../../shared/simulator/simulation.js';
import { groundTruth } from '../../../tools/oracle/groundTruth.js';
import { DEFAULT_OPTIONS, type SimulationOptions } from '../../../shared/simulator/model.js';
import { countRecords } from '../../../shared/simulator/delivery.js';
import { buildPopulation } from '../../../shared/simulator/population.js';
import { Random } from '../../../shared/simulator/random.js';
import type { BpmRecord, GymVisitRecord, ProfileRecord } from '../../../shared/feeds/generated/types.js';

const small: SimulationOptions = { ...DEFAULT_OPTIONS, users: 30, gyms: 3, days: 2, seed: 7 };
const fingerprint = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('simulate', () => {
  const sim = simulate(small);
  const delivered = sim.delivery.delivered;
  const ofFeed = <T>(feed: string): T[] => delivered.filter((r) => r.feed === feed).map((r) => r.record as T);

  it('is reproducible from its seed', () => {
    expect(fingerprint(simulate(small).delivery.waves)).toBe(fingerprint(sim.delivery.waves));
    expect(fingerprint(simulate({ ...small, seed: 8 }).delivery.waves)).not.toBe(fingerprint(sim.delivery.waves));
  });

  it('sends only records that pass their feed schema', () => {
    const failures = [...sim.delivery.waves[0], ...sim.delivery.waves[1]].flatMap((batch) =>
      batch.records.flatMap((record) => {
        const result = validateRecord(batch.feed, record);
        return result.ok ? [] : [{ feed: batch.feed, record, errors: result.errors }];
      }),
    );
    expect(failures).toEqual([]);
  });

  it('breaks exactly the requested share of extra records, and each of them fails validation', () => {
    const faulty = simulate({ ...small, invalidRate: 0.01, duplicateRate: 0, lateRate: 0 });
    const batches = faulty.delivery.waves[0];
    const rejected = batches.reduce((n, b) => n + b.records.filter((r) => !validateRecord(b.feed, r).ok).length, 0);
    expect(rejected).toBe(faulty.delivery.broken);
    expect(batches.reduce((n, b) => n + b.broken, 0)).toBe(faulty.delivery.broken);
    const share = faulty.delivery.broken / faulty.delivery.delivered.length;
    expect(share).toBeGreaterThan(0.008);
    expect(share).toBeLessThan(0.012);
  });

  it('honours the duplicate and late rates', () => {
    const rates = simulate({ ...small, duplicateRate: 0.1, lateRate: 0.2 });
    const originals = rates.delivery.delivered.length - rates.delivery.duplicates;
    expect(rates.delivery.duplicates / originals).toBeGreaterThan(0.09);
    expect(rates.delivery.duplicates / originals).toBeLessThan(0.11);
    const sent = countRecords(rates.delivery.waves[0]) + countRecords(rates.delivery.waves[1]);
    expect(sent).toBe(rates.delivery.delivered.length);
    expect(countRecords(rates.delivery.waves[1]) / sent).toBeGreaterThan(0.18);
    expect(countRecords(rates.delivery.waves[1]) / sent).toBeLessThan(0.22);
    const none = simulate({ ...small, duplicateRate: 0, lateRate: 0 });
    expect(none.delivery.duplicates).toBe(0);
    expect(countRecords(none.delivery.waves[1])).toBe(0);
  });

  it('keeps every batch within the API limits (10,000 records, 4 MiB)', () => {
    for (const batch of [...sim.delivery.waves[0], ...sim.delivery.waves[1]]) {
      expect(batch.records.length).toBeLessThanOrEqual(10_000);
      expect(Buffer.byteLength(JSON.stringify(batch.records))).toBeLessThan(4 * 1024 * 1024);
    }
  });

  it('cuts batches by time span for live sending: same records per feed, in time order, none spanning longer', () => {
    const live = simulate(small, { batchSpanSeconds: 60 });
    const records = (waves: typeof sim.delivery.waves, feed: string) =>
      waves.flatMap((wave) => wave.filter((b) => b.feed === feed).flatMap((b) => b.records));
    for (const feed of ['bpm', 'workout', 'gym_visit'])
      expect(records(live.delivery.waves, feed)).toEqual(records(sim.delivery.waves, feed));
    const times = live.delivery.waves[0].map((b) => b.at ?? Number.NaN);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(live.delivery.waves[0].length).toBeGreaterThan(sim.delivery.waves[0].length);
    const bpm = live.delivery.waves[0].filter((b) => b.feed === 'bpm') as { records: BpmRecord[] }[];
    for (const b of bpm) {
      const times = b.records.map((r) => r.time);
      expect(Math.max(...times) - Math.min(...times)).toBeLessThan(60 + 900); // + a duplicate's retry delay
    }
  });

  it('records 1 Hz heart rate during workouts with warm-up, peak and cool-down, and sensor dropouts', () => {
    const long = sim.activity.workouts.filter((w) => w.stop !== null && w.exerciseEnd - w.start >= 40 * 60);
    expect(long.length).toBeGreaterThan(5);
    const mean = (xs: (number | null)[]) => {
      const ok = xs.filter((x): x is number => x !== null && x > 0 && x < 300);
      return ok.reduce((a, b) => a + b, 0) / ok.length;
    };
    for (const w of long) {
      const length = w.exerciseEnd - w.start;
      const firstMinute = mean(w.heartrates.slice(0, 60));
      const middle = mean(w.heartrates.slice(length / 2 - 300, length / 2 + 300));
      const lastMinute = mean(w.heartrates.slice(length - 60, length));
      expect(middle).toBeGreaterThan(firstMinute + 5);
      expect(middle).toBeGreaterThan(lastMinute);
    }
    const readings = sim.activity.workouts.flatMap((w) => w.heartrates);
    expect(readings.filter((hr) => hr === 0).length).toBeGreaterThan(0);
    expect(readings.filter((hr) => hr === null).length).toBeGreaterThan(0);
    const bpm = ofFeed<BpmRecord>('bpm');
    const w = long[0] as (typeof long)[number];
    const times = bpm
      .filter((r) => r.device_id === w.device_id && r.time >= w.start && r.time <= w.exerciseEnd)
      .map((r) => r.time);
    expect(new Set(times).size).toBe(w.exerciseEnd - w.start + 1);
  });

  it('has a varied population: ages, cities, device replacements, profile updates and deletes', () => {
    const users = buildPopulation({ ...DEFAULT_OPTIONS, users: 400 }, new Random(3));
    const profiles = users.flatMap((u) => u.profileEvents) as ProfileRecord[];
    expect(new Set(users.map((u) => Math.floor(u.age / 10))).size).toBeGreaterThanOrEqual(7);
    expect(new Set(profiles.map((p) => p.address?.city).filter(Boolean)).size).toBeGreaterThanOrEqual(10);
    expect(users.filter((u) => u.devices.length === 2).length).toBeGreaterThanOrEqual(5);
    expect(profiles.filter((p) => p.update_type === 'update').length).toBeGreaterThanOrEqual(20);
    expect(profiles.filter((p) => p.update_type === 'delete').length).toBeGreaterThanOrEqual(2);
    expect(new Set(users.map((u) => u.user_id)).size).toBe(400);
    expect(new Set(users.flatMap((u) => u.devices.map((d) => d.mac_address.toLowerCase()))).size).toBe(
      users.reduce((n, u) => n + u.devices.length, 0),
    );
  });

  it('sends a kiosk login at entry and the same record with the logout at exit', () => {
    const visits = ofFeed<GymVisitRecord>('gym_visit');
    const closed = sim.activity.visits.filter((v) => v.logout !== null);
    expect(closed.length).toBeGreaterThan(10);
    for (const v of closed) {
      const sent = visits.filter((r) => r.mac_address === v.mac_address && r.login === v.login && r.gym === v.gym);
      expect(sent.some((r) => r.logout === undefined)).toBe(true);
      expect(sent.some((r) => r.logout === v.logout)).toBe(true);
    }
  });

  it('places workouts inside and outside gyms, and gym visits in busy hours', () => {
    expect(sim.activity.workouts.some((w) => w.gym !== null)).toBe(true);
    expect(sim.activity.workouts.some((w) => w.gym === null)).toBe(true);
    const hours = sim.activity.visits.map((v) => new Date(v.login * 1000).getUTCHours());
    const peak = hours.filter((h) => (h >= 6 && h <= 8) || (h >= 17 && h <= 19)).length;
    expect(peak / hours.length).toBeGreaterThan(0.4);
  });

  it('writes ground truth with every workout and gold rows for most completed workouts', () => {
    const truth = groundTruth(sim);
    expect(truth.workouts).toHaveLength(sim.activity.workouts.length);
    const completed = sim.activity.workouts.filter((w) => w.stop !== null && w.stop - w.start <= 3 * 3600);
    expect(truth.expected.workoutBpmSummary.length).toBeGreaterThan(completed.length * 0.9);
    expect(truth.expected.workoutBpmSummary.length).toBeLessThanOrEqual(completed.length);
    const closedVisits = sim.activity.visits.filter((v) => v.logout !== null).length;
    expect(truth.expected.gymSummary.length).toBeGreaterThanOrEqual(closedVisits);
  });
});
