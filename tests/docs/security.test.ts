import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared/config/paths.js';

const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'security.md'), 'utf8');
const BOUNDARIES = [
  'devices',
  'kiosks',
  'Function App',
  'Event Hubs',
  'storage',
  'Databricks jobs',
  'SQL warehouse',
  'analysts',
];

describe('docs/security.md', () => {
  const threatRows = doc
    .slice(doc.indexOf('## Threat model'), doc.indexOf('## Rotating credentials'))
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| boundary'));

  it('has one threat-model row per boundary, each pointing to the code that protects it', () => {
    for (const boundary of BOUNDARIES) {
      const row = threatRows.find((r) => r.split('|')[1]?.trim().startsWith(boundary));
      expect(row, boundary).toBeDefined();
      expect(row?.match(/`[\w./-]+:\d+`/g)?.length ?? 0, boundary).toBeGreaterThanOrEqual(2);
    }
  });

  it('every file:line reference points at a line of code that exists', () => {
    const refs = [...doc.matchAll(/`([\w./-]+):(\d+)`/g)];
    expect(refs.length).toBeGreaterThan(20);
    for (const [, file = '', line] of refs) {
      const full = path.join(REPO_ROOT, file);
      expect(existsSync(full), file).toBe(true);
      const text = readFileSync(full, 'utf8').split('\n')[Number(line) - 1] ?? '';
      expect(text, `${file}:${line}`).toMatch(/[A-Za-z]{3}/);
    }
  });

  it('says how to rotate each kind of credential', () => {
    for (const credential of [
      'function keys',
      'Function App identity',
      'service connections',
      'Key Vault secrets',
      'DATABRICKS_TOKEN',
    ])
      expect(doc).toContain(credential);
  });
});
