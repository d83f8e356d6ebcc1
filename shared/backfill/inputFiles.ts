/** Expands the paths given to `pulselake ingest` into files, in a stable order. */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** A path that cannot be listed at all; reported like a file that cannot be read. */
export interface UnreadablePath {
  path: string;
  reason: string;
}

/**
 * Symbolic links are followed (to files and to folders, each real folder walked once so a link
 * loop ends); a link that leads nowhere is reported as unreadable, by name, never skipped silently.
 */
async function walk(folder: string, out: string[], unreadable: UnreadablePath[], seen: Set<string>): Promise<void> {
  const real = await realpath(folder);
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // Dot files are temporary or hidden (and the landing writer's temp files start with `.`).
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(full);
        if (target.isDirectory()) await walk(full, out, unreadable, seen);
        else if (target.isFile()) out.push(full);
        else unreadable.push({ path: full, reason: 'symbolic link to something that is not a file or folder' });
      } catch (error) {
        unreadable.push({ path: full, reason: `broken symbolic link: ${(error as Error).message}` });
      }
    } else if (entry.isDirectory()) await walk(full, out, unreadable, seen);
    else if (entry.isFile()) out.push(full);
  }
}

/** Files as given, folders walked recursively (sorted by name, dot files left out). */
export async function listInputFiles(
  paths: readonly string[],
): Promise<{ files: string[]; unreadable: UnreadablePath[] }> {
  const files: string[] = [];
  const unreadable: UnreadablePath[] = [];
  for (const given of paths) {
    try {
      const info = await stat(given);
      if (info.isDirectory()) await walk(given, files, unreadable, new Set());
      else files.push(given);
    } catch (error) {
      unreadable.push({ path: given, reason: `cannot read: ${(error as Error).message}` });
    }
  }
  return { files: [...new Set(files)], unreadable };
}
