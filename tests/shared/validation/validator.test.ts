import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../../shared/validation/validator.js';
import { FEED_NAMES } from '../../../shared/feeds/registry.js';
import { loadSchema } from '../../../shared/validation/validator.js';
import { MAX_RECORD_DEPTH } from '../../../shared/http/jsonSpans.js';

describe('schema examples', () => {
  it.each(FEED_NAMES)('every example of %s validates', (feed) => {
    const examples = loadSchema(feed)['examples'] as unknown[];
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(validateRecord(feed, example)).toMatchObject({ ok: true });
  });
});

describe('validateRecord', () => {
  it('refuses a record nested past MAX_RECORD_DEPTH in a member, at the root, or in an array', () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_RECORD_DEPTH + 1; i += 1) deep = [deep];
    const reason = `(record): nested more than ${MAX_RECORD_DEPTH} levels deep`;
    for (const value of [{ device_id: deep, time: 1678410000, heartrate: 60 }, deep, { a: { b: deep } }]) {
      expect(validateRecord('profile', value)).toEqual({ ok: false, errors: [reason] });
    }
    // A flat record is not walked but still judged by the schema.
    expect(validateRecord('bpm', { device_id: 7, time: 1678410000, heartrate: 60 })).toMatchObject({ ok: true });
  });

  it('lower-cases MAC addresses', () => {
    const result = validateRecord('registration', {
      user_id: 1,
      device_id: 2,
      mac_address: 'AA:BB:cc:dd:ee:0F',
      registration_timestamp: 1678451168,
    });
    expect(result).toEqual({ ok: true, record: expect.objectContaining({ mac_address: 'aa:bb:cc:dd:ee:0f' }) });
  });

  it('names the field and reason for a logout before login', () => {
    const result = validateRecord('gym_visit', {
      mac_address: 'aa:bb:cc:dd:ee:ff',
      gym: 1,
      login: 1678521600,
      logout: 1678521599,
    });
    expect(result).toEqual({ ok: false, errors: ['logout: must be >= login (1678521600)'] });
  });
});
