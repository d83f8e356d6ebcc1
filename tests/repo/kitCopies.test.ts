/**
 * The repository's copies of the team kit still equal the originals in `../shared` (run only
 * where that folder exists: developers' checkouts and CI), so a change to the contract, the
 * course fixtures or the pipeline schema there is noticed here. To take such a change, run
 * `PULSELAKE_SYNC_KIT=1 npx vitest run tests/repo/kitCopies.test.ts`, then review the diff.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared/config/paths.js';
import { KIT_COPIES, rewriteKitLinks } from './kitCopies.js';

const KIT_DIR = path.resolve(REPO_ROOT, '..', 'shared');
const SYNC = process.env['PULSELAKE_SYNC_KIT'] === '1';

/** Every file under a kit or repository path, relative to it ('' for a single file). */
async function filesUnder(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  if (!statSync(root).isDirectory()) return [''];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

/** What the repository's copy of a kit file must contain. */
async function expectedCopy(kitRel: string): Promise<Buffer> {
  const original = await readFile(path.join(KIT_DIR, kitRel));
  return kitRel.endsWith('.md') ? Buffer.from(rewriteKitLinks(original.toString('utf8'), kitRel)) : original;
}

describe('rewriteKitLinks', () => {
  it('points file-relative kit paths at the copies, relative to the copy', () => {
    const text = 'see `../fixtures/sbit-course/README.md` and [x](../fixtures/sbit-course/data/)';
    expect(rewriteKitLinks(text, 'spec/semantics.md')).toBe(
      'see `../tests/fixtures/sbit-course/README.md` and [x](../tests/fixtures/sbit-course/data/)',
    );
    expect(
      rewriteKitLinks('[c](../../../spec/semantics.md), `../data/`', 'fixtures/sbit-course/expected/README.md'),
    ).toBe('[c](../../../../docs/contract.md), `../data/`');
  });

  it('turns root-relative ../shared/ paths into repository paths and leaves other paths alone', () => {
    expect(rewriteKitLinks("read('../shared/schemas/a.json') `.../udemy/x`", 'schemas/README.md')).toBe(
      "read('tests/pipeline/schema/a.json') `.../udemy/x`",
    );
  });
});

describe.skipIf(!existsSync(KIT_DIR))('copies of ../shared', () => {
  for (const copy of KIT_COPIES) {
    it(`${copy.repo} equals ../shared/${copy.kit}`, async () => {
      const kitRoot = path.join(KIT_DIR, copy.kit);
      const repoRoot = path.join(REPO_ROOT, copy.repo);
      const kitFiles = await filesUnder(kitRoot);
      expect(kitFiles.length, `nothing at ${kitRoot}`).toBeGreaterThan(0);
      for (const rel of kitFiles) {
        const expected = await expectedCopy(path.join(copy.kit, rel));
        const target = path.join(repoRoot, rel);
        if (SYNC) {
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, expected);
        }
        const actual = existsSync(target) ? await readFile(target) : undefined;
        expect(actual?.equals(expected), `${path.join(copy.repo, rel)} differs from the kit`).toBe(true);
      }
      expect(await filesUnder(repoRoot), `${copy.repo} holds files the kit does not`).toEqual(kitFiles);
    });
  }
});
