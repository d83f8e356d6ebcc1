/**
 * putIfAbsent of bytes whose name is still being decided (a content-hash batch's landing date is
 * read or recorded first): overlapped with the naming where the store can (FsLandingStore writes
 * and syncs the bytes meanwhile), else one after the other.
 */
import type { LandingStore, PutOutcome } from './LandingStore.js';

export async function putOnceNamed(
  store: LandingStore,
  relPath: Promise<string>,
  content: Buffer,
): Promise<PutOutcome> {
  if (store.putIfAbsentOnceNamed) return store.putIfAbsentOnceNamed(relPath, content);
  return store.putIfAbsent(await relPath, content);
}
