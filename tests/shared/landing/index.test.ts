import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config/settings.js';
import { BlobLandingStore, FsLandingStore, createLandingStore } from '../../../shared/landing/index.js';

describe('createLandingStore', () => {
  it('defaults to the filesystem under $PULSELAKE_HOME/landing', () => {
    const store = createLandingStore({ PULSELAKE_HOME: '/tmp/lake-x' });
    expect(store).toBeInstanceOf(FsLandingStore);
    expect((store as FsLandingStore).root).toBe(path.resolve('/tmp/lake-x/landing'));
  });

  it('uses Blob with a connection string and the configured container', () => {
    const store = createLandingStore({
      PULSELAKE_STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      PULSELAKE_LANDING_CONTAINER: 'raw',
    });
    expect(store).toBeInstanceOf(BlobLandingStore);
    expect(store.describe()).toBe('http://127.0.0.1:10000/devstoreaccount1/raw');
  });

  it('uses Blob with an account URL (DefaultAzureCredential)', () => {
    const store = createLandingStore({
      PULSELAKE_STORAGE: 'blob',
      PULSELAKE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net',
    });
    expect(store.describe()).toBe('https://acct.blob.core.windows.net/landing');
  });

  it('names both settings when Blob has no credentials', () => {
    expect(() => createLandingStore({ PULSELAKE_STORAGE: 'blob' })).toThrow(ConfigError);
    expect(() => createLandingStore({ PULSELAKE_STORAGE: 'blob' })).toThrow(
      /AZURE_STORAGE_CONNECTION_STRING or PULSELAKE_STORAGE_ACCOUNT_URL/,
    );
  });

  it('names PULSELAKE_STORAGE when it is neither fs nor blob', () => {
    expect(() => createLandingStore({ PULSELAKE_STORAGE: 's3' })).toThrow(/PULSELAKE_STORAGE/);
  });
});
