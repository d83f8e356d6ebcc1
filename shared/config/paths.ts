import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Repository root, or the Function App package root (works from `dist/` and from sources under vitest). */
export const REPO_ROOT = findRoot(HERE);

/** True when running the compiled code (`dist/`, as the Function App and the CLI do); false under vitest. */
export const RUNS_FROM_DIST = path.basename(path.resolve(HERE, '..', '..')) === 'dist';

function findRoot(start: string): string {
  // shared/config -> repo, or dist/shared/config -> repo
  const up2 = path.resolve(start, '..', '..');
  return path.basename(up2) === 'dist' ? path.dirname(up2) : up2;
}

export const SCHEMA_DIR = path.join(REPO_ROOT, 'schemas');
