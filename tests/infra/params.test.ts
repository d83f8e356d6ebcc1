import { describe, expect, it } from 'vitest';
import { loadAccessMatrix } from '../../shared/platform/accessMatrix.js';
import { readBicep } from './bicep.js';

/** `param name = 'value'` lines of a .bicepparam file. */
function stringParams(file: string): Record<string, string> {
  return Object.fromEntries([...readBicep(file).matchAll(/^param (\w+) = '([^']*)'$/gm)].map((m) => [m[1], m[2]]));
}

describe('dev.bicepparam and prod.bicepparam', () => {
  const matrix = loadAccessMatrix();
  const prefix = /^param prefix string = '(\w+)'$/m.exec(readBicep('main.bicep'))?.[1];
  const lakeName = /^ {2}lake: '\$\{prefix\}\$\{env\}'$/m.test(readBicep('main.bicep'));

  it.each(['dev', 'prod'])('%s: the same catalog and lake account as the Unity Catalog matrix', (env) => {
    const params = stringParams(`${env}.bicepparam`);
    expect(params['env']).toBe(env);
    expect(params['catalog']).toBe(matrix.environments[env]?.catalog);
    expect(lakeName).toBe(true);
    expect(`${params['prefix'] ?? prefix}${env}`).toBe(matrix.environments[env]?.storage_account);
  });
});
