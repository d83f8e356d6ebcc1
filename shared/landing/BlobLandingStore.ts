/**
 * Landing store on Azure Blob storage: ADLS Gen2 (hierarchical namespace) or Azurite. Each
 * file is one conditional create (`If-None-Match: *`), so it appears whole or not at all and
 * an existing blob is never replaced; 409/412 mean "already landed".
 */
import { RestError, type BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { LandingStore, PutOutcome } from './LandingStore.js';
import { checkRelPath } from './relPath.js';

/** The answers of a conditional create whose blob already exists (Blob and ADLS Gen2 endpoints). */
function isAlreadyExists(error: unknown): boolean {
  if (!(error instanceof RestError)) return false;
  return error.statusCode === 409 || error.statusCode === 412;
}

function contentTypeOf(relPath: string): string {
  return relPath.endsWith('.gz') ? 'application/gzip' : 'application/x-ndjson';
}

export class BlobLandingStore implements LandingStore {
  private readonly container: ContainerClient;
  private ready: Promise<void> | undefined;

  constructor(service: BlobServiceClient, containerName: string) {
    this.container = service.getContainerClient(containerName);
  }

  /** Creates the container once per process (concurrent first writes share the call). */
  private ensureContainer(): Promise<void> {
    this.ready ??= this.container.createIfNotExists().then(
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
    await this.ensureContainer();
    try {
      await this.container.getBlockBlobClient(relPath).upload(content, content.length, {
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
    await this.ensureContainer();
    const out: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix, includeMetadata: true })) {
      // Hierarchical-namespace accounts list directories as empty blobs marked hdi_isfolder.
      if (blob.metadata?.['hdi_isfolder'] === 'true') continue;
      const name = blob.name.slice(blob.name.lastIndexOf('/') + 1);
      if (!name.startsWith('.')) out.push(blob.name);
    }
    return out.sort();
  }

  async read(relPath: string): Promise<Buffer> {
    checkRelPath(relPath);
    return this.container.getBlockBlobClient(relPath).downloadToBuffer();
  }

  describe(): string {
    return this.container.url.split('?')[0] ?? this.container.url; // never print a SAS token
  }
}
