import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../../shared/validation/validator.js';
import { FEED_NAMES } from '../../../shared/feeds/registry.js';
import { loadSchema } from '../../../shared/validation/validator.js';

describe('schema examples', () => {
  it.each(FEED_NAMES)('every example of %s validates', (feed) => {
    const examples = loadSchema(feed)['examples'] as unknown[];
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(validateRecord(feed, example)).toMatchObject({ ok: true });
  });
});

describe('validateRecord', () => {
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
