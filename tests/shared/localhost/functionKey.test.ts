import { describe, expect, it } from 'vitest';
import { hasFunctionKey } from '../../../shared/localhost/functionKey.js';

describe('hasFunctionKey', () => {
  it('lets everything through when no key is configured', () => {
    expect(hasFunctionKey(undefined, undefined, null)).toBe(true);
    expect(hasFunctionKey('', undefined, null)).toBe(true);
  });

  it('accepts the key in the x-functions-key header or the code query parameter', () => {
    expect(hasFunctionKey('s3cret', 's3cret', null)).toBe(true);
    expect(hasFunctionKey('s3cret', undefined, 's3cret')).toBe(true);
  });

  it('refuses a missing, wrong or prefix key', () => {
    expect(hasFunctionKey('s3cret', undefined, null)).toBe(false);
    expect(hasFunctionKey('s3cret', 'wrong', null)).toBe(false);
    expect(hasFunctionKey('s3cret', 's3cre', null)).toBe(false);
    expect(hasFunctionKey('s3cret', '', null)).toBe(false);
  });

  it('lets the header take precedence: a wrong header is not rescued by the query', () => {
    expect(hasFunctionKey('s3cret', 'wrong', 's3cret')).toBe(false);
  });
});
