/**
 * Picks the landing store from settings: `PULSELAKE_STORAGE=fs` (default, under
 * `$PULSELAKE_HOME/landing`) or `blob` (connection string, else account URL + Entra ID).
 */
import path from 'node:path';
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { ConfigError, SETTINGS, readSetting, requireSetting } from '../config/settings.js';
import { BlobLandingStore } from './BlobLandingStore.js';
import { FsLandingStore } from './FsLandingStore.js';
import type { LandingStore } from './LandingStore.js';
import { LandingWriter } from './writer.js';

export type { LandingStore, PutOutcome } from './LandingStore.js';
export { BlobLandingStore } from './BlobLandingStore.js';
export { FsLandingStore } from './FsLandingStore.js';
export { LandingWriter, type LandedBatch, type LandingWriterOptions } from './writer.js';

/** `$PULSELAKE_HOME/landing`, absolute. */
export function localLandingRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(requireSetting('home', env), 'landing');
}

/** Per-try timeout and bounded retries, so that one hung call cannot outlive the store's deadline. */
function pipelineOptions(env: NodeJS.ProcessEnv): StoragePipelineOptions {
  return {
    retryOptions: {
      tryTimeoutInMs: requireSetting('storageTryTimeoutMs', env),
      maxTries: 4,
      retryDelayInMs: 200,
      maxRetryDelayInMs: 2000,
    },
  };
}

function blobService(env: NodeJS.ProcessEnv): BlobServiceClient {
  const connectionString = readSetting('storageConnectionString', env);
  if (connectionString) return BlobServiceClient.fromConnectionString(connectionString, pipelineOptions(env));
  const accountUrl = readSetting('storageAccountUrl', env);
  if (accountUrl) return new BlobServiceClient(accountUrl, new DefaultAzureCredential(), pipelineOptions(env));
  throw new ConfigError(
    `${SETTINGS.storageConnectionString.name} or ${SETTINGS.storageAccountUrl.name}`,
    `one of them is required when ${SETTINGS.storage.name}=blob`,
  );
}

export function createLandingStore(env: NodeJS.ProcessEnv = process.env): LandingStore {
  if (requireSetting('storage', env) === 'blob') {
    return new BlobLandingStore(blobService(env), requireSetting('landingContainer', env), {
      deadlineMs: requireSetting('storageDeadlineMs', env),
    });
  }
  return new FsLandingStore(localLandingRoot(env));
}

/** A writer over the configured store, with the configured compression. */
export function createLandingWriter(env: NodeJS.ProcessEnv = process.env): LandingWriter {
  return new LandingWriter(createLandingStore(env), { gzip: readSetting('landingGzip', env) ?? false });
}
