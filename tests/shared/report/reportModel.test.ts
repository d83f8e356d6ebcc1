import { describe, expect, it } from 'vitest';
import type { GymSummaryRow, WorkoutBpmSummaryRow } from '../../../shared/report/goldTables.js';
import {
  bpmByAgeAndGender,
  busiestHours,
  buildReportModel,
  gymMinutesPerDay,
  topSessions,
} from '../../../shared/report/reportModel.js';

const workout = (over: Partial<WorkoutBpmSummaryRow>): WorkoutBpmSummaryRow => ({
  workout_id: 1,
  session_id: 1,
  user_id: 1,
  age: '25-35',
  gender: 'F',
  city: 'Austin',
  state: 'TX',
  min_bpm: 60,
  avg_bpm: 100,
  max_bpm: 150,
  num_recordings: 100,
  ...over,
});
const gym = (over: Partial<GymSummaryRow>): GymSummaryRow => ({
  date: '2025-03-10',
  gym: 1,
  mac_address: 'aa:bb:cc:dd:ee:01',
  workout_id: 1,
  session_id: 1,
  minutes_in_gym: 60,
  minutes_exercising: 45,
  ...over,
});

describe('bpmByAgeAndGender', () => {
  it('weights the average by readings, keeps the extreme min and max, and orders bins as the contract', () => {
    const groups = bpmByAgeAndGender([
      workout({ user_id: 1, min_bpm: 70, avg_bpm: 100, max_bpm: 140, num_recordings: 100 }),
      workout({ user_id: 2, min_bpm: 55, avg_bpm: 130, max_bpm: 170, num_recordings: 300 }),
      workout({ user_id: 3, age: '18-25', gender: 'M', avg_bpm: 90, num_recordings: 10 }),
      workout({ user_id: 4, age: null, gender: null, avg_bpm: 80, num_recordings: 10 }),
      workout({ user_id: 5, age: 'invalid age', gender: 'X', avg_bpm: 85, num_recordings: 10 }),
    ]);
    expect(groups.map((g) => [g.age, g.gender])).toEqual([
      ['18-25', 'M'],
      ['25-35', 'F'],
      ['invalid age', 'X'],
      ['no profile', 'unknown'],
    ]);
    expect(groups[1]).toEqual({ age: '25-35', gender: 'F', workouts: 2, readings: 400, min: 55, avg: 122.5, max: 170 });
  });
});

describe('gymMinutesPerDay', () => {
  it('counts a visit with two workouts once for its time in the gym and sums the exercise', () => {
    const days = gymMinutesPerDay([
      gym({ mac_address: 'm1', session_id: 1, minutes_in_gym: 90, minutes_exercising: 30 }),
      gym({ mac_address: 'm1', session_id: 2, minutes_in_gym: 90, minutes_exercising: 40 }),
      gym({ mac_address: 'm2', workout_id: null, session_id: null, minutes_in_gym: 20, minutes_exercising: 0 }),
      gym({ gym: 2, mac_address: 'm3', minutes_in_gym: 50, minutes_exercising: 45 }),
      gym({ date: '2025-03-09', gym: 2, mac_address: 'm3', minutes_in_gym: 10, minutes_exercising: 5 }),
    ]);
    expect(days).toEqual([
      { gym: 2, date: '2025-03-09', visits: 1, minutesInGym: 10, minutesExercising: 5 },
      { gym: 1, date: '2025-03-10', visits: 2, minutesInGym: 110, minutesExercising: 70 },
      { gym: 2, date: '2025-03-10', visits: 1, minutesInGym: 50, minutesExercising: 45 },
    ]);
  });
});

describe('busiestHours', () => {
  const at = (h: number, m = 0) => Date.UTC(2025, 2, 10, h, m) / 1000;

  it('uses login times from gold when the export carries them (one per visit)', () => {
    const result = busiestHours(
      [
        gym({ mac_address: 'm1', session_id: 1, login: at(7, 5) }),
        gym({ mac_address: 'm1', session_id: 2, login: at(7, 5) }),
        gym({ mac_address: 'm2', login: '2025-03-10T18:30:00' }),
      ],
      [at(3)],
    );
    expect(result.source).toBe('gold');
    expect(result.counts[7]).toBe(1);
    expect(result.counts[18]).toBe(1);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('falls back to the landed kiosk logins', () => {
    const result = busiestHours([gym({})], [at(6), at(6, 59), at(23, 1)]);
    expect(result.source).toBe('landing');
    expect(result.counts).toHaveLength(24);
    expect(result.counts[6]).toBe(2);
    expect(result.counts[23]).toBe(1);
  });
});

describe('topSessions and the model', () => {
  it('ranks by average heart rate and totals the gold rows', () => {
    const rows = [
      workout({ user_id: 1, avg_bpm: 120 }),
      workout({ user_id: 2, avg_bpm: 150 }),
      workout({ user_id: 3, avg_bpm: 90, num_recordings: 50 }),
    ];
    expect(topSessions(rows, 2).map((r) => r.user_id)).toEqual([2, 1]);
    const model = buildReportModel({
      gold: { workoutBpmSummary: rows, gymSummary: [gym({})] },
      dataQuality: [{ feed: 'bpm', landed: 10, quarantined: 1 }],
      landedLogins: [],
      generatedAt: new Date('2025-03-11T00:00:00Z'),
    });
    expect(model.totals).toEqual({ workouts: 3, users: 3, gymVisits: 1, readings: 250 });
    expect(model.generatedAt).toBe('2025-03-11T00:00:00.000Z');
  });
});
