import { describe, expect, it } from 'vitest';
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
});
