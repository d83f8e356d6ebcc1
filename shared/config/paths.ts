import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (works from `dist/` and from sources under vitest). */
export const REPO_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  // shared/config -> repo, or dist/shared/config -> repo
  const up2 = path.resolve(start, '..', '..');
  return path.basename(up2) === 'dist' ? path.dirname(up2) : up2;
}

export const SCHEMA_DIR = path.join(REPO_ROOT, 'schemas');
