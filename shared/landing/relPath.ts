/**
 * Landing paths are `/`-separated and relative to the landing root. Both stores refuse
 * anything that could escape the root or clash with temporary files.
 */
export function checkRelPath(relPath: string): string[] {
  const parts = relPath.split('/');
  const bad = parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'));
  if (bad || relPath.startsWith('/')) throw new Error(`invalid landing path "${relPath}"`);
  const name = parts[parts.length - 1] ?? '';
  // Names starting with `.` are temporaries (Spark ignores them); never land one.
  if (name.startsWith('.')) throw new Error(`invalid landing path "${relPath}": file name starts with "."`);
  return parts;
}
