import { describe, expect, it } from 'vitest';
import { isJsonContentType } from '../../../shared/http/contentType.js';

describe('isJsonContentType', () => {
  it.each([
    'application/json',
    'Application/JSON',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'application/vnd.pulselake+json',
  ])('accepts %s', (header) => expect(isJsonContentType(header)).toBe(true));

  it.each([
    null,
    '',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/xml',
    'application/json; charset=latin1',
    'application/jsonx',
    'text/json',
  ])('refuses %s', (header) => expect(isJsonContentType(header)).toBe(false));
});
