/**
 * Landing store on the local filesystem (root `$PULSELAKE_HOME/landing`). A file is written
 * to a temporary name starting with `.` in its target folder (Spark and `list` ignore those),
 * fsynced, then hard-linked to its final name: `link()` fails when the name exists, so an
 * existing file is never replaced, and readers only ever see the complete file.
 * putIfAbsentOnceNamed writes and syncs its temporary file in `.staging/` (its folder is not known
 * yet) while the name is decided, then links it the same way.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LandingStore, PutOutcome } from './LandingStore.js';
import { checkRelPath } from './relPath.js';

/** Temporaries of putIfAbsentOnceNamed, under the root (readers walk the feed folders and skip `.` names). */
export const STAGING_FOLDER = '.staging';

/** Filesystems without hard links report one of these; we then fall back to rename. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms cannot fsync a directory; the file itself is already synced.
    if (!['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Opens a new file, creating its folder only when the open says it is missing: a folder exists for
 * all but a day's first batch, and `mkdir` on every write was ~0.2 ms of an Event Hubs batch.
 */
async function openCreating(file: string): Promise<fs.FileHandle> {
  try {
    return await fs.open(file, 'wx');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  return fs.open(file, 'wx');
}

/** `unlink` without `rm`'s extra checks (~0.3 ms of a batch); the temp file is always a plain file. */
async function removeIfPresent(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/**
 * Makes a new name in `dir` durable and removes the temporary it was linked from, side by side: the
 * name holds its own link to the file, so the unlink cannot touch it (and saves a round trip).
 */
async function syncAndRemove(dir: string, temp: string): Promise<void> {
  await Promise.all([fsyncDir(dir), removeIfPresent(temp)]);
}

/** Creates `file` and makes `content` durable in it. */
async function writeSynced(file: string, content: Buffer): Promise<void> {
  const handle = await openCreating(file);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `link` that creates the target's folder when it is missing (a staged file's first batch of the day). */
async function linkCreating(temp: string, target: string): Promise<void> {
  try {
    await fs.link(temp, target);
    return;
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.link(temp, target);
}

export class FsLandingStore implements LandingStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private resolve(relPath: string): string {
    return path.join(this.root, ...checkRelPath(relPath));
  }

  async putIfAbsent(relPath: string, content: Buffer): Promise<PutOutcome> {
    const target = this.resolve(relPath);
    const dir = path.dirname(target);
    const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    // The existence check and the temp file's creation overlap (each is a thread-pool round trip,
    // ~0.25 ms of an Event Hubs batch); a name already there still writes nothing.
    const [present, opened] = await Promise.allSettled([exists(target), openCreating(temp)]);
    if (opened.status === 'rejected') {
      if (present.status === 'fulfilled' && present.value) return 'exists'; // as before: nothing to write
      throw opened.reason;
    }
    const handle = opened.value;
    let removed = false;
    try {
      try {
        if (present.status === 'rejected') throw present.reason;
        if (present.value) return 'exists';
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const outcome = await this.publish(temp, target);
      await syncAndRemove(dir, temp);
      removed = true;
      return outcome;
    } finally {
      if (!removed) await removeIfPresent(temp);
    }
  }

  /**
   * Like putIfAbsent; the bytes are written and synced in `.staging/` while `relPath` is pending (a
   * content-hash batch's date marker is being made durable), and linked to their name only after
   * it resolved, so a caller can order "marker durable" before "file visible" and still overlap
   * the two writes' fsyncs.
   */
  async putIfAbsentOnceNamed(relPath: Promise<string>, content: Buffer): Promise<PutOutcome> {
    const temp = path.join(this.root, STAGING_FOLDER, `${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const [named, staged] = await Promise.allSettled([relPath, writeSynced(temp, content)]);
    let removed = false;
    try {
      if (named.status === 'rejected') throw named.reason;
      const target = this.resolve(named.value);
      if (staged.status === 'rejected') throw staged.reason;
      let outcome: PutOutcome;
      try {
        outcome = await this.publish(temp, target);
      } catch (error) {
        // The staging folder on another mount than the name's (neither link nor rename crosses it): the usual path.
        if (errorCode(error) !== 'EXDEV') throw error;
        return await this.putIfAbsent(named.value, content);
      }
      await syncAndRemove(path.dirname(target), temp);
      removed = true;
      return outcome;
    } finally {
      if (!removed) await removeIfPresent(temp);
    }
  }

  /** Gives the synced temp file its final name without ever replacing an existing file. */
  private async publish(temp: string, target: string): Promise<PutOutcome> {
    try {
      await linkCreating(temp, target);
      return 'created';
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EEXIST') return 'exists';
      if (!NO_HARD_LINKS.has(code ?? '')) throw error;
    }
    // No hard links (some network/FUSE mounts): rename is still atomic for readers; the
    // existence check narrows, but cannot close, the window for a concurrent identical batch,
    // which would write the same name with the same content anyway.
    if (await exists(target)) return 'exists';
    await fs.rename(temp, target);
    return 'created';
  }

  /** Like Blob listing, `prefix` is a plain string prefix of the relative path (`bpm/ingest_date=2023-`). */
  async list(prefix: string): Promise<string[]> {
    const clean = prefix.replace(/^\/+/, '');
    const folder = clean.includes('/') ? clean.slice(0, clean.lastIndexOf('/')) : '';
    const out: string[] = [];
    await this.walk(folder === '' ? this.root : path.join(this.root, ...folder.split('/')), out);
    return out
      .map((file) => path.relative(this.root, file).split(path.sep).join('/'))
      .filter((rel) => rel.startsWith(clean))
      .sort();
  }

  private async walk(dir: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // temporaries
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await this.walk(full, out);
      else if (entry.isFile()) out.push(full);
    }
  }

  async read(relPath: string): Promise<Buffer> {
    return fs.readFile(this.resolve(relPath));
  }

  describe(): string {
    return `file://${this.root}`;
  }
}
