import { describe, expect, it } from 'vitest';
import {
  csvFormatForHeader,
  isoDateFromUs,
  mapEnvelopeLine,
  mapGymLoginRow,
  mapRegistrationRow,
  mapUserInfo,
  numberFromCsv,
  zipFromLegacy,
} from '../../../shared/backfill/mapping.js';

describe('isoDateFromUs', () => {
  it('turns MM/dd/yyyy into YYYY-MM-DD, padding one-digit parts', () => {
    expect(isoDateFromUs('07/25/1939')).toBe('1939-07-25');
    expect(isoDateFromUs('2/3/1999')).toBe('1999-02-03');
  });
  it('leaves other values for the validator to judge', () => {
    expect(isoDateFromUs('1939-07-25')).toBe('1939-07-25');
    expect(isoDateFromUs('25.07.1939')).toBe('25.07.1939');
    expect(isoDateFromUs(null)).toBeNull();
  });
});

describe('zipFromLegacy', () => {
  it('zero-pads integer zips to 5 digits', () => {
    expect(zipFromLegacy(91340)).toBe('91340');
    expect(zipFromLegacy(2134)).toBe('02134');
    expect(zipFromLegacy(501)).toBe('00501');
  });
  it('keeps strings, nulls and numbers that are no 5-digit zip', () => {
    expect(zipFromLegacy('02134-1234')).toBe('02134-1234');
    expect(zipFromLegacy(null)).toBeNull();
    expect(zipFromLegacy(123456)).toBe(123456);
    expect(zipFromLegacy(91340.5)).toBe(91340.5);
  });
});

describe('numberFromCsv', () => {
  it('reads numeric text as a number; a float with .0 stays an integer', () => {
    expect(numberFromCsv('12474')).toBe(12474);
    expect(numberFromCsv('1678451168.0')).toBe(1678451168);
    expect(Number.isInteger(numberFromCsv('1678451168.0'))).toBe(true);
    expect(numberFromCsv(' 1678451168.25 ')).toBe(1678451168.25);
  });
  it('treats an empty cell as absent and keeps non-numeric text', () => {
    expect(numberFromCsv('')).toBeUndefined();
    expect(numberFromCsv(undefined)).toBeUndefined();
    expect(numberFromCsv('12a')).toBe('12a');
  });
});

describe('CSV rows', () => {
  it('maps a registered_users row with numbers for ids and timestamp', () => {
    expect(
      mapRegistrationRow({
        user_id: '12474',
        device_id: '118440',
        mac_address: '4c:c5:9f:cb:13:bd',
        registration_timestamp: '1678451168',
      }),
    ).toEqual({
      user_id: 12474,
      device_id: 118440,
      mac_address: '4c:c5:9f:cb:13:bd',
      registration_timestamp: 1678451168,
    });
  });
  it('maps a gym_logins row; an empty logout is left out (open visit)', () => {
    expect(mapGymLoginRow({ mac_address: 'aa:bb:cc:dd:ee:ff', gym: '5', login: '1678521600', logout: '' })).toEqual({
      mac_address: 'aa:bb:cc:dd:ee:ff',
      gym: 5,
      login: 1678521600,
    });
  });
  it('recognises headers in any order and case, with optional columns', () => {
    expect(csvFormatForHeader(['user_id', 'device_id', 'mac_address', 'registration_timestamp'])?.feed).toBe(
      'registration',
    );
    expect(csvFormatForHeader(['Gym', 'MAC_ADDRESS', 'login'])?.feed).toBe('gym_visit');
    expect(csvFormatForHeader(['mac_address', 'gym', 'login', 'logout', 'extra'])).toBeUndefined();
    expect(csvFormatForHeader(['date', 'gym'])).toBeUndefined();
    expect(csvFormatForHeader(['gym', 'gym', 'mac_address', 'login'])).toBeUndefined();
  });
});

describe('mapUserInfo', () => {
  it('converts dob and zip and keeps every other field (unknown ones too, for validation to reject)', () => {
    const mapped = mapUserInfo({
      user_id: 1,
      update_type: 'new',
      timestamp: 1678451168.0,
      dob: '07/25/1939',
      address: { street_address: 'x', city: 'c', state: 'CA', zip: 2134 },
      favourite_colour: 'red',
    });
    expect(mapped).toEqual({
      user_id: 1,
      update_type: 'new',
      timestamp: 1678451168,
      dob: '1939-07-25',
      address: { street_address: 'x', city: 'c', state: 'CA', zip: '02134' },
      favourite_colour: 'red',
    });
  });
  it('does not invent fields a delete does not carry', () => {
    expect(mapUserInfo({ user_id: 1, update_type: 'delete', timestamp: 1678460000 })).toEqual({
      user_id: 1,
      update_type: 'delete',
      timestamp: 1678460000,
    });
  });
});

describe('mapEnvelopeLine', () => {
  const envelope = (topic: unknown, value: unknown): string =>
    JSON.stringify({ key: '1', value, topic, partition: 0, offset: 7, timestamp: 1678410000 });

  it('dispatches on topic and parses the JSON text in value', () => {
    const line = envelope('bpm', '{"device_id": 118440, "time": 1678410000, "heartrate": 41.21897868284929}');
    expect(mapEnvelopeLine(line, 'bpm')).toEqual({
      feed: 'bpm',
      record: { device_id: 118440, time: 1678410000, heartrate: 41.21897868284929 },
      raw: JSON.parse(line),
    });
    const workout = mapEnvelopeLine(envelope('workout', '{"user_id": 1, "timestamp": 1678521900.0}'), 'bpm');
    expect(workout).toMatchObject({ feed: 'workout', record: { user_id: 1, timestamp: 1678521900 } });
    expect(mapEnvelopeLine(envelope('user_info', '{"dob": "01/02/2000"}'), 'bpm')).toMatchObject({
      feed: 'profile',
      record: { dob: '2000-01-02' },
    });
  });

  it('reports lines it cannot map, under the fallback feed when the topic is unknown', () => {
    expect(mapEnvelopeLine('{"topic": "bpm", "value": ', 'workout')).toMatchObject({
      feed: 'workout',
      error: expect.stringContaining('not valid JSON'),
      raw: '{"topic": "bpm", "value": ',
    });
    expect(mapEnvelopeLine(envelope('clicks', '{}'), 'workout')).toMatchObject({
      feed: 'workout',
      error: expect.stringContaining('"clicks" is not one of'),
    });
    expect(mapEnvelopeLine(envelope('bpm', '{"device_id": 1'), 'workout')).toMatchObject({
      feed: 'bpm',
      error: expect.stringMatching(/^value: not valid JSON/),
    });
    expect(mapEnvelopeLine(envelope('bpm', '[1,2]'), 'workout')).toMatchObject({ feed: 'bpm', error: /^value:/ });
    expect(mapEnvelopeLine('[1]', 'bpm')).toMatchObject({ error: /must be a JSON object/ });
  });
});
