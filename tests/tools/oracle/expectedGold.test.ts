import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ageBin, ageInYears, expectedGold, type DeliveredRecords } from '../../../tools/oracle/expectedGold.js';
import type { ProfileRecord } from '../../../shared/feeds/generated/types.js';

const T = Date.UTC(2025, 2, 10) / 1000; // 2025-03-10T00:00:00Z
const mac = (n: number): string => `aa:bb:cc:00:00:${String(n).padStart(2, '0')}`;
const address = (city: string) => ({ street_address: '1 Main St', city, state: 'CA', zip: '90001' });
const person = (
  user_id: number,
  update_type: 'new' | 'update',
  timestamp: number,
  extra: Partial<ProfileRecord> = {},
) =>
  ({
    user_id,
    update_type,
    timestamp,
    dob: '1990-03-11',
    sex: 'F',
    gender: 'F',
    first_name: 'Ann',
    last_name: 'Lee',
    address: address('Los Angeles'),
    ...extra,
  }) satisfies ProfileRecord;
const workout = (
  user_id: number,
  workout_id: number,
  session_id: number,
  action: 'start' | 'stop',
  timestamp: number,
) => ({
  user_id,
  workout_id,
  session_id,
  action,
  timestamp,
});

/** A hand-made world exercising each rule of spec §3–4; expected values are worked out by hand below. */
const records: DeliveredRecords = {
  registration: [
    { user_id: 1, device_id: 11, mac_address: mac(1).toUpperCase(), registration_timestamp: T - 1000 },
    { user_id: 1, device_id: 12, mac_address: mac(2), registration_timestamp: T + 5000 },
    { user_id: 2, device_id: 21, mac_address: mac(3), registration_timestamp: T + 3000 },
    { user_id: 3, device_id: 31, mac_address: mac(4), registration_timestamp: T - 1000 },
    { user_id: 4, device_id: 41, mac_address: mac(5), registration_timestamp: T - 1000 },
    { user_id: 5, device_id: 51, mac_address: mac(9), registration_timestamp: T - 500 },
    { user_id: 6, device_id: 61, mac_address: mac(9), registration_timestamp: T - 100 },
  ],
  profile: [
    person(1, 'new', T - 900, { address: address('Austin') }),
    person(1, 'update', T + 100, { address: address('Boston') }),
    person(2, 'new', T + 10),
    { user_id: 2, update_type: 'delete', timestamp: T + 500 },
    person(3, 'update', T + 50),
    { user_id: 3, update_type: 'delete', timestamp: T + 50 },
    person(4, 'new', T + 20, { dob: null, address: address('Denver') }),
    person(4, 'update', T + 20, { dob: null, address: address('Miami'), gender: 'X' }),
    person(6, 'new', T - 50),
  ],
  workout: [
    workout(1, 1, 1, 'start', T + 1010),
    workout(1, 1, 1, 'stop', T + 1500),
    workout(1, 1, 1, 'start', T + 1000),
    workout(1, 1, 1, 'stop', T + 1600),
    workout(1, 2, 2, 'start', T + 6000),
    workout(1, 2, 2, 'stop', T + 6000 + 3 * 3600 + 1),
    workout(1, 1, 3, 'stop', T + 21000), // stop arrives before its start
    workout(1, 1, 3, 'start', T + 20000),
    workout(2, 4, 1, 'start', T + 2000),
    workout(2, 4, 1, 'stop', T + 2600),
    workout(3, 2, 1, 'start', T + 3000),
    workout(3, 2, 1, 'stop', T + 3600),
    workout(3, 2, 2, 'start', T + 3700), // never stopped
    workout(4, 6, 1, 'start', T + 4000),
    workout(4, 6, 1, 'stop', T + 4300),
    workout(5, 1, 1, 'start', T + 50),
    workout(5, 1, 1, 'stop', T + 400),
    workout(6, 1, 1, 'start', T + 50),
    workout(6, 1, 1, 'stop', T + 400),
  ],
  bpm: [
    { device_id: 11, time: T + 1000, heartrate: 60 }, // = start: excluded
    { device_id: 11, time: T + 1001, heartrate: 100 },
    { device_id: 11, time: T + 1001, heartrate: 100 }, // duplicate
    { device_id: 11, time: T + 1002, heartrate: 0 },
    { device_id: 11, time: T + 1003, heartrate: null },
    { device_id: 11, time: T + 1004, heartrate: 120 },
    { device_id: 11, time: T + 1005, heartrate: 300 },
    { device_id: 11, time: T + 1006, heartrate: 299.5 },
    { device_id: 11, time: T + 1600, heartrate: 140 }, // = end: included
    { device_id: 11, time: T + 1601, heartrate: 150 },
    { device_id: 12, time: T + 1100, heartrate: 99 }, // not the device in effect at the start
    { device_id: 12, time: T + 20500, heartrate: 80 },
    { device_id: 21, time: T + 2100, heartrate: 90 },
    { device_id: 21, time: T + 2200, heartrate: 110 },
    { device_id: 31, time: T + 3100, heartrate: 0 },
    { device_id: 41, time: T + 4100, heartrate: 70 },
  ],
  gym_visit: [
    { mac_address: mac(1), gym: 1, login: T + 900 },
    { mac_address: mac(1), gym: 1, login: T + 900, logout: T + 1650 },
    { mac_address: mac(1).toUpperCase(), gym: 1, login: T + 900, logout: T + 1700 },
    { mac_address: mac(2), gym: 2, login: T + 19000, logout: T + 20100 },
    { mac_address: mac(1), gym: 2, login: T + 19000, logout: T + 19090 },
    { mac_address: mac(3), gym: 1, login: T + 2000 }, // still open
    { mac_address: mac(3), gym: 3, login: T + 2600, logout: T + 2700 },
    { mac_address: mac(9), gym: 3, login: T + 100, logout: T + 200 },
    { mac_address: mac(1), gym: 1, login: T - 100, logout: T - 10 },
  ],
};

describe('expectedGold (reference implementation of the contract)', () => {
  const gold = expectedGold(records);

  it('summarises each completed workout that has valid readings of the device in effect', () => {
    const profile = { age: '25-35', gender: 'F', city: 'Boston', state: 'CA' };
    expect(gold.workoutBpmSummary).toEqual([
      {
        workout_id: 1,
        session_id: 1,
        user_id: 1,
        ...profile,
        min_bpm: 100,
        avg_bpm: 164.875,
        max_bpm: 299.5,
        num_recordings: 4,
      },
      {
        workout_id: 1,
        session_id: 3,
        user_id: 1,
        ...profile,
        min_bpm: 80,
        avg_bpm: 80,
        max_bpm: 80,
        num_recordings: 1,
      },
      {
        workout_id: 4,
        session_id: 1,
        user_id: 2,
        age: null,
        gender: null,
        city: null,
        state: null,
        min_bpm: 90,
        avg_bpm: 100,
        max_bpm: 110,
        num_recordings: 2,
      },
      {
        workout_id: 6,
        session_id: 1,
        user_id: 4,
        age: 'invalid age',
        gender: 'X',
        city: 'Miami',
        state: 'CA',
        min_bpm: 70,
        avg_bpm: 70,
        max_bpm: 70,
        num_recordings: 1,
      },
    ]);
  });

  it('gives one gym row per overlapping workout, or one without a workout, for completed visits only', () => {
    const row = (
      date: string,
      gym: number,
      m: string,
      w: number | null,
      s: number | null,
      inGym: number,
      exercising: number,
    ) => ({
      date,
      gym,
      mac_address: m,
      workout_id: w,
      session_id: s,
      minutes_in_gym: inGym,
      minutes_exercising: exercising,
    });
    expect(gold.gymSummary).toEqual([
      row('2025-03-09', 1, mac(1), null, null, 1.5, 0),
      row('2025-03-10', 1, mac(1), 1, 1, 13.33, 10),
      row('2025-03-10', 2, mac(1), null, null, 1.5, 0), // device 11 was replaced by then
      row('2025-03-10', 2, mac(2), 1, 3, 18.33, 1.67),
      row('2025-03-10', 3, mac(3), null, null, 1.67, 0), // touches the workout's end: no overlap
      row('2025-03-10', 3, mac(9), 1, 1, 1.67, 1.67), // user 6: the most recent registration of the MAC
    ]);
  });
});

describe('age', () => {
  it('counts whole years; a 29 February birthday moves on 1 March in other years', () => {
    expect(ageInYears('2000-02-29', '2025-02-28')).toBe(24);
    expect(ageInYears('2000-02-29', '2025-03-01')).toBe(25);
    expect(ageInYears('2000-02-29', '2024-02-29')).toBe(24);
    expect(ageInYears('1990-03-11', '2025-03-10')).toBe(34);
  });

  it('bins the shared age cases (tests/fixtures/age_cases.json, also run against the Python and SQL copies)', () => {
    const { cases } = JSON.parse(readFileSync(new URL('../../fixtures/age_cases.json', import.meta.url), 'utf8')) as {
      cases: [string, string, string][];
    };
    expect(cases.length).toBeGreaterThan(10);
    for (const [dob, on, expected] of cases) expect([dob, on, ageBin(dob, on)]).toEqual([dob, on, expected]);
  });

  it('bins ages with the contract labels', () => {
    expect(ageBin(null, '2025-03-10')).toBe('invalid age');
    expect(ageBin('2026-01-01', '2025-03-10')).toBe('invalid age');
    expect(ageBin('2008-03-11', '2025-03-10')).toBe('under 18');
    expect(ageBin('2007-03-10', '2025-03-10')).toBe('18-25');
    expect(ageBin('1930-03-11', '2025-03-10')).toBe('85-95');
    expect(ageBin('1930-03-10', '2025-03-10')).toBe('95+');
  });
});

describe('gym visit owner (spec §4)', () => {
  // User 1 wears the watch mac(7); user 2 registers it at T + 10000; user 1 registers mac(8) at T + 20000.
  // Each user has a workout during every visit: workout_id 1 = user 1's, 2 = user 2's.
  const visits = [T - 5000, T + 4000, T + 11000, T + 30000];
  const records: DeliveredRecords = {
    registration: [
      { user_id: 1, device_id: 71, mac_address: mac(7), registration_timestamp: T },
      { user_id: 2, device_id: 72, mac_address: mac(7), registration_timestamp: T + 10000 },
      { user_id: 1, device_id: 81, mac_address: mac(8), registration_timestamp: T + 20000 },
    ],
    profile: [],
    bpm: [],
    workout: visits.flatMap((login, session) =>
      [1, 2].flatMap((user) => [
        workout(user, user, session, 'start', login + 60),
        workout(user, user, session, 'stop', login + 120),
      ]),
    ),
    gym_visit: visits.map((login) => ({ mac_address: mac(7), gym: 1, login, logout: login + 600 })),
  };

  it('gives a handed-over watch to the giver until the taker registers it, and falls back to a late registration', () => {
    const owners = expectedGold(records).gymSummary.map((r) => [r.session_id, r.workout_id]);
    expect(owners).toEqual([
      [0, 1], // before any registration: the earliest one after login (user 1)
      [1, 1], // user 2 registers it later: still user 1's
      [2, 2], // both have it in effect: the latest registration (user 2)
      [3, 2], // user 1 moved on to mac(8)
    ]);
  });

  it('on registrations at the same second takes the lowest user_id', () => {
    const tie: DeliveredRecords = {
      ...records,
      registration: [
        { user_id: 2, device_id: 72, mac_address: mac(7), registration_timestamp: T },
        { user_id: 1, device_id: 71, mac_address: mac(7), registration_timestamp: T },
      ],
    };
    const owners = expectedGold(tie).gymSummary.map((r) => r.workout_id);
    expect(owners).toEqual([1, 1, 1, 1]);
  });
});
