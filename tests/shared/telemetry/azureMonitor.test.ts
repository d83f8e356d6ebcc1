import { ManagedIdentityCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config/settings.js';
import { startAzureMonitor } from '../../../shared/telemetry/azureMonitor.js';

describe('startAzureMonitor', () => {
  it('starts the distro with the connection string when APPLICATIONINSIGHTS_CONNECTION_STRING is set', async () => {
    const calls: unknown[] = [];
    const started = await startAzureMonitor(
      { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=abc' },
      async () => (options) => void calls.push(options),
    );
    expect(started).toBe(true);
    expect(calls).toEqual([{ azureMonitorExporterOptions: { connectionString: 'InstrumentationKey=abc' } }]);
  });

  it('neither loads nor starts it when the setting is absent or empty', async () => {
    let loaded = 0;
    const load = async () => {
      loaded += 1;
      return () => undefined;
    };
    expect(await startAzureMonitor({}, load)).toBe(false);
    expect(await startAzureMonitor({ APPLICATIONINSIGHTS_CONNECTION_STRING: '' }, load)).toBe(false);
    expect(loaded).toBe(0);
  });

  it('authenticates the export with the managed identity of APPLICATIONINSIGHTS_AUTHENTICATION_STRING', async () => {
    const calls: { azureMonitorExporterOptions?: { credential?: unknown } }[] = [];
    const load = async () => (options: (typeof calls)[number]) => void calls.push(options);
    const env = { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=abc' };
    await startAzureMonitor(
      { ...env, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=1234;Authorization=AAD' },
      load,
    );
    await startAzureMonitor({ ...env, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD' }, load);
    await startAzureMonitor(env, load);
    expect(calls.map((c) => c.azureMonitorExporterOptions?.credential instanceof ManagedIdentityCredential)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('refuses a malformed authentication string, naming the setting', async () => {
    const env = {
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=abc',
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=1234',
    };
    await expect(startAzureMonitor(env, async () => () => undefined)).rejects.toThrow(ConfigError);
    await expect(startAzureMonitor(env, async () => () => undefined)).rejects.toThrow(
      /APPLICATIONINSIGHTS_AUTHENTICATION_STRING/,
    );
  });
});
