import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared/config/paths.js';
import { SETTINGS } from '../../shared/config/settings.js';

const sample = JSON.parse(readFileSync(path.join(REPO_ROOT, 'local.settings.sample.json'), 'utf8')) as {
  IsEncrypted: boolean;
  Values: Record<string, string>;
};

describe('local.settings.sample.json', () => {
  it('is a Functions Core Tools settings file for the Node.js worker', () => {
    expect(sample.IsEncrypted).toBe(false);
    expect(sample.Values).toMatchObject({ FUNCTIONS_WORKER_RUNTIME: 'node', AzureWebJobsStorage: expect.any(String) });
  });

  it('lists every setting of the registry with its sample value', () => {
    const missing = Object.values(SETTINGS)
      .filter((spec) => sample.Values[spec.name] !== spec.sample)
      .map((spec) => `"${spec.name}": ${JSON.stringify(spec.sample)}`);
    // The message is the lines to paste into the sample's "Values".
    expect(missing, `add to local.settings.sample.json:\n${missing.join(',\n')}`).toEqual([]);
  });

  it('lists nothing the registry does not know (besides the Functions host settings)', () => {
    const known = new Set([
      ...Object.values(SETTINGS).map((s) => s.name),
      'FUNCTIONS_WORKER_RUNTIME',
      'AzureWebJobsStorage',
    ]);
    expect(Object.keys(sample.Values).filter((name) => !known.has(name))).toEqual([]);
  });
});
