import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  ACCESS_MATRIX_FILE,
  loadAccessMatrix,
  parseDdl,
  type AccessMatrix,
} from '../../../shared/platform/accessMatrix.js';

function withChange(change: (m: AccessMatrix) => void): string {
  const matrix = YAML.parse(readFileSync(ACCESS_MATRIX_FILE, 'utf8')) as AccessMatrix;
  change(matrix);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'access-')), 'access.yml');
  writeFileSync(file, YAML.stringify(matrix));
  return file;
}

describe('loadAccessMatrix', () => {
  it('loads the repository matrix', () => {
    expect(Object.keys(loadAccessMatrix().principals)).toEqual(['engineers', 'analysts', 'jobs', 'function']);
  });

  it.each([
    [
      'an unknown schema',
      (m: AccessMatrix) => (m.grants['analysts'] = { 'schema platinum': ['SELECT'] }),
      /unknown schema/,
    ],
    [
      'a privilege of another securable',
      (m: AccessMatrix) => (m.grants['analysts'] = { catalog: ['READ VOLUME'] }),
      /does not apply/,
    ],
    [
      'an unknown principal',
      (m: AccessMatrix) => (m.grants['interns'] = { catalog: ['USE CATALOG'] }),
      /unknown principal/,
    ],
    [
      'a PII column the table lacks',
      (m: AccessMatrix) => m.masks.tables['silver.user_profile']?.pii.push('ssn'),
      /no column ssn/,
    ],
  ])('rejects %s', (_, change, message) => {
    expect(() => loadAccessMatrix(withChange(change))).toThrow(message);
  });
});

describe('parseDdl', () => {
  it('maps column names to upper-case types', () => {
    expect([...parseDdl('a BIGINT,\n b date')]).toEqual([
      ['a', 'BIGINT'],
      ['b', 'DATE'],
    ]);
  });
});
