/**
 * Layering: `shared/` is the library. It never imports from `functions/` (the Function App's
 * entry point), `cli/`, `tools/` (oracles and test launchers) or `tests/`, so the app and the
 * local host can both build on it and the deployment package needs none of those folders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared/config/paths.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Relative import specifiers of a module: static imports, re-exports and dynamic import(). */
function importSpecifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
  return [...source.matchAll(pattern)].map((match) => match[2] as string);
}

const FORBIDDEN = ['functions', 'cli', 'tools', 'tests'].map((folder) => path.join(REPO_ROOT, folder) + path.sep);

describe('shared/ imports', () => {
  it('finds relative imports in every form (the scanner itself)', () => {
    expect(
      importSpecifiers(
        "import { a } from '../x.js';\nexport { b } from \"./y.js\";\nimport './z.js';\nawait import('../../w.js');\nimport x from 'pkg';",
      ),
    ).toEqual(['../x.js', './y.js', './z.js', '../../w.js']);
  });

  it('never reach into functions/, cli/, tools/ or tests/', () => {
    const offending: string[] = [];
    for (const file of tsFiles(path.join(REPO_ROOT, 'shared'))) {
      for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
        const target = path.resolve(path.dirname(file), specifier);
        if (FORBIDDEN.some((folder) => target.startsWith(folder))) {
          offending.push(`${path.relative(REPO_ROOT, file)} imports ${specifier}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
