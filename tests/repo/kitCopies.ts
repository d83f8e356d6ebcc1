/**
 * The repository's own copies of the team kit (the folder `../shared` beside a developer's
 * checkout, which a clone does not have): the data contract, the course fixtures and
 * Microsoft's pipeline schema. Copies are byte for byte, except that relative paths in the
 * Markdown files are rewritten to point at the repository's copies.
 */
import path from 'node:path';

export interface KitCopy {
  /** Path inside the kit folder (a file or a folder). */
  kit: string;
  /** Where the repository keeps it. */
  repo: string;
}

export const KIT_COPIES: readonly KitCopy[] = [
  { kit: 'spec/semantics.md', repo: 'docs/contract.md' },
  { kit: 'fixtures/sbit-course', repo: 'tests/fixtures/sbit-course' },
  { kit: 'schemas', repo: 'tests/pipeline/schema' },
];

/** The kit folder's name as seen from the repository root. */
export const KIT_FROM_ROOT = '../shared/';

/** A relative path literal: `./x` or `../x`, not preceded by a word character, a dot or a slash. */
export const RELATIVE_PATH = /(?<![\w./-])\.\.?\/[^\s`'"()[\]<>{},;*]*/g;

/** The repository path of a kit path, if the repository keeps a copy of it. */
export function repoPathOf(kitPath: string): string | undefined {
  for (const copy of KIT_COPIES) {
    if (kitPath === copy.kit) return copy.repo;
    if (kitPath.startsWith(`${copy.kit}/`)) return copy.repo + kitPath.slice(copy.kit.length);
  }
  return undefined;
}

/**
 * The text of a kit Markdown file with its paths pointing at the repository's copies: paths
 * relative to the file (`../fixtures/sbit-course/README.md` in the contract) stay relative to
 * the copy, and `../shared/…` (relative to the project root) becomes a root-relative path.
 */
export function rewriteKitLinks(text: string, kitFile: string): string {
  const copyFile = repoPathOf(kitFile);
  if (!copyFile) throw new Error(`${kitFile} is not copied into the repository`);
  return text.replace(RELATIVE_PATH, (literal) => {
    const trailingSlash = literal.endsWith('/') ? '/' : '';
    if (literal.startsWith(KIT_FROM_ROOT)) {
      const target = repoPathOf(path.posix.normalize(literal.slice(KIT_FROM_ROOT.length)));
      return target ? target + trailingSlash : literal;
    }
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(kitFile), literal));
    const target = resolved.startsWith('../') ? undefined : repoPathOf(resolved);
    if (!target) return literal;
    return path.posix.relative(path.posix.dirname(copyFile), target) + trailingSlash;
  });
}
