/**
 * Landing store on Azure Blob storage: ADLS Gen2 (hierarchical namespace) or Azurite. Each
 * file is one conditional create (`If-None-Match: *`), so it appears whole or not at all and
 * an existing blob is never replaced; 409/412 mean "already landed".
 *
 * A hung store never hangs a caller: every call carries an overall deadline (an AbortSignal, on
 * top of the client's per-try timeout), after which it rejects so that HTTP answers 503 and an
 * Event Hubs invocation fails. A container deleted under a running process is created again.
 */
import { RestError, type BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { LandingStore, PutOutcome } from './LandingStore.js';
import { checkRelPath } from './relPath.js';

/** The answers of a conditional create whose blob already exists (Blob and ADLS Gen2 endpoints). */
function isAlreadyExists(error: unknown): boolean {
  if (!(error instanceof RestError)) return false;
  return error.statusCode === 409 || error.statusCode === 412;
}

function isContainerNotFound(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 404 && error.code === 'ContainerNotFound';
}

/** Defaults of PULSELAKE_STORAGE_DEADLINE_MS / PULSELAKE_STORAGE_TRY_TIMEOUT_MS (shared/config/settings.ts). */
export const DEFAULT_STORAGE_DEADLINE_MS = 8000;

export interface BlobLandingStoreOptions {
  /** Overall deadline of one store call, retries included. */
  deadlineMs?: number;
}

/** Rejects with a readable error once `signal` aborts, whatever `work` does. */
function withinDeadline<T>(work: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error(`storage deadline passed: ${what}`));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function contentTypeOf(relPath: string): string {
  return relPath.endsWith('.gz') ? 'application/gzip' : 'application/x-ndjson';
}

export class BlobLandingStore implements LandingStore {
  private readonly container: ContainerClient;
  private ready: Promise<void> | undefined;
  private readonly deadlineMs: number;

  constructor(service: BlobServiceClient, containerName: string, options: BlobLandingStoreOptions = {}) {
    this.container = service.getContainerClient(containerName);
    this.deadlineMs = options.deadlineMs ?? DEFAULT_STORAGE_DEADLINE_MS;
  }

  /** Creates the container once per process (concurrent first writes share the call). */
  private ensureContainer(): Promise<void> {
    this.ready ??= this.container.createIfNotExists({ abortSignal: AbortSignal.timeout(this.deadlineMs) }).then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined; // let the next call retry a transient failure
        throw error;
      },
    );
    return this.ready;
  }

  async putIfAbsent(relPath: string, content: Buffer): Promise<PutOutcome> {
    checkRelPath(relPath);
    const signal = AbortSignal.timeout(this.deadlineMs);
    await withinDeadline(this.ensureContainer(), signal, `creating container for ${relPath}`);
    try {
      return await this.upload(relPath, content, signal);
    } catch (error) {
      if (!isContainerNotFound(error)) throw error;
      // Deleted under us: create it again (once) and retry, within the same deadline.
      this.ready = undefined;
      await withinDeadline(this.ensureContainer(), signal, `recreating container for ${relPath}`);
      return this.upload(relPath, content, signal);
    }
  }

  private async upload(relPath: string, content: Buffer, abortSignal: AbortSignal): Promise<PutOutcome> {
    try {
      await this.container.getBlockBlobClient(relPath).upload(content, content.length, {
        abortSignal,
        conditions: { ifNoneMatch: '*' },
        // No contentEncoding for .gz: readers (Spark) must get the gzip bytes as stored.
        blobHTTPHeaders: { blobContentType: contentTypeOf(relPath) },
      });
      return 'created';
    } catch (error) {
      if (isAlreadyExists(error)) return 'exists';
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const abortSignal = AbortSignal.timeout(this.deadlineMs);
    await withinDeadline(this.ensureContainer(), abortSignal, `listing ${prefix}`);
    const out: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix, includeMetadata: true, abortSignal })) {
      // Hierarchical-namespace accounts list directories as empty blobs marked hdi_isfolder.
      if (blob.metadata?.['hdi_isfolder'] === 'true') continue;
      const name = blob.name.slice(blob.name.lastIndexOf('/') + 1);
      if (!name.startsWith('.')) out.push(blob.name);
    }
    return out.sort();
  }

  async read(relPath: string): Promise<Buffer> {
    checkRelPath(relPath);
    const abortSignal = AbortSignal.timeout(this.deadlineMs);
    return this.container.getBlockBlobClient(relPath).downloadToBuffer(0, undefined, { abortSignal });
  }

  describe(): string {
    return this.container.url.split('?')[0] ?? this.container.url; // never print a SAS token
  }
}
