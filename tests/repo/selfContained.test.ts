/**
 * The repository stands alone: no tracked file names a path outside it (a clone, or an Azure
 * DevOps agent, has nothing beside it). Each relative path literal (`./x`, `../x`) is resolved
 * against its file's folder and flagged when it leaves the root; in Markdown also against the
 * repository root (the docs' commands run from there) unless it names a file inside. Own
 * imports such as `../../shared/config/settings.js` stay inside and pass. Paths built from
 * parts (`path.resolve(ROOT, '..', 'shared')`, `ROOT.parent / "shared"`) are flagged too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared/config/paths.js';
import { KIT_COPIES, RELATIVE_PATH } from './kitCopies.js';

/** Files that name the kit beside the checkout on purpose: the copy-equality test and its helpers. */
const ALLOWED = new Set([
  'tests/repo/kitCopies.ts',
  'tests/repo/kitCopies.test.ts',
  'tests/repo/selfContained.test.ts',
]);
const SKIPPED = (file: string) =>
  file === 'package-lock.json' || KIT_COPIES.some((c) => c.repo.startsWith('tests/') && file.startsWith(`${c.repo}/`));

function repoFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return out
    .split('\0')
    .filter((f) => f && existsSync(path.join(REPO_ROOT, f)) && lstatSync(path.join(REPO_ROOT, f)).isFile());
}

const inside = (absolute: string) => !path.relative(REPO_ROOT, absolute).startsWith('..');

/** An existing repository file or folder a path names (compiled `.js` imports name `.ts` sources). */
function existsInRepo(absolute: string): boolean {
  const bare = absolute.replace(/[/.:]+$/, '');
  return [bare, bare.replace(/\.js$/, '.ts'), bare.replace(/\.js$/, '.mjs')].some((p) => inside(p) && existsSync(p));
}

/** The folder beside the repository, reached in parts (TypeScript `'..', 'shared'`, Python `.parent / "shared"`). */
const SIBLING_PARTS = /['"]\.\.['"]\s*,\s*['"]shared['"]|\.parent\s*\/\s*['"]shared['"]/g;

/** Relative path literals in a text that lead outside the repository. */
function outsidePaths(file: string, text: string): string[] {
  const found: string[] = [];
  for (const [literal] of text.matchAll(RELATIVE_PATH)) {
    const fromFile = path.resolve(REPO_ROOT, path.dirname(file), literal);
    const fromRoot = path.resolve(REPO_ROOT, literal);
    const rootCommand = file.endsWith('.md') && !inside(fromRoot) && !existsInRepo(fromFile);
    if (!inside(fromFile) || rootCommand) found.push(literal);
  }
  for (const [parts] of text.matchAll(SIBLING_PARTS)) found.push(parts);
  return found;
}

describe('the repository is self-contained', () => {
  it('flags paths that leave the repository and accepts its own relative imports', () => {
    expect(outsidePaths('docs/x.md', 'run `npx pulselake ingest ../shared/fixtures/data`')).toEqual([
      '../shared/fixtures/data',
    ]);
    expect(outsidePaths('tests/a/b.test.ts', "new URL('../../../../shared/x', import.meta.url)")).toEqual([
      '../../../../shared/x',
    ]);
    expect(outsidePaths('tests/repo/x.test.ts', "import { REPO_ROOT } from '../../shared/config/paths.js';")).toEqual(
      [],
    );
    expect(outsidePaths('docs/x.md', 'see [the README](../README.md) and `./bin/pulselake.js`')).toEqual([]);
    expect(outsidePaths('a/b.py', 'COURSE = REPO_ROOT.parent / "shared" / "fixtures"')).toHaveLength(1);
    expect(outsidePaths('a/b.ts', "path.resolve(REPO_ROOT, '..', 'shared', 'schemas')")).toHaveLength(1);
  });

  it('no file names a path outside the repository', () => {
    const offenders: string[] = [];
    for (const file of repoFiles()) {
      if (ALLOWED.has(file) || SKIPPED(file)) continue;
      const bytes = readFileSync(path.join(REPO_ROOT, file));
      if (bytes.subarray(0, 8000).includes(0)) continue; // binary
      for (const literal of outsidePaths(file, bytes.toString('utf8'))) offenders.push(`${file}: ${literal}`);
    }
    expect(offenders).toEqual([]);
  });
});
