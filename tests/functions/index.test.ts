/**
 * functions/index.ts, the Function App's entry point, loaded the way the worker loads it:
 * with valid settings it registers every function of functionsFor(services) through `app`;
 * with a bad setting the import fails with a message naming the setting (the worker then
 * does not start).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AZURE_SETTINGS } from '../support/azureSettings.js';

const registered: { kind: string; name: string; options: Record<string, unknown> }[] = [];

vi.mock('../../shared/functions/azure.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../shared/functions/azure.js')>();
  const record = (kind: string) => (name: string, options: Record<string, unknown>) =>
    void registered.push({ kind, name, options });
  return { ...original, app: { http: record('http'), eventHub: record('eventHub'), timer: record('timer') } };
});

const AZURE_ENV: Record<string, string> = {
  ...AZURE_SETTINGS,
  PULSELAKE_GOLD_REFRESH_SCHEDULE: '0 */5 * * * *',
  APPLICATIONINSIGHTS_CONNECTION_STRING: '',
};

beforeEach(() => {
  registered.length = 0;
  vi.resetModules();
  for (const [name, value] of Object.entries(AZURE_ENV)) vi.stubEnv(name, value);
});
afterEach(() => vi.unstubAllEnvs());

describe('functions/index.ts', () => {
  it('registers every function once with app.http / app.eventHub / app.timer', async () => {
    await import('../../functions/index.js');
    const { functionsFor } = await import('../../shared/functions/functionsFor.js');
    const { functionServicesFromSettings } = await import('../../shared/functions/services.js');
    const expected = functionsFor(functionServicesFromSettings()).map((f) => [f.kind, f.name]);
    expect(registered.map((r) => [r.kind, r.name])).toEqual(expected);
    expect(registered.filter((r) => r.kind === 'http').map((r) => r.options['route'])).toHaveLength(5);
    expect(registered.find((r) => r.kind === 'timer')?.options['schedule']).toBe('%PULSELAKE_GOLD_REFRESH_SCHEDULE%');
    for (const r of registered) expect(r.options['handler']).toBeTypeOf('function');
  });

  it('stops start-up on a bad setting, naming it, before registering anything', async () => {
    vi.stubEnv('PULSELAKE_MAX_BODY_BYTES', 'four megabytes');
    await expect(import('../../functions/index.js')).rejects.toThrow(
      /setting PULSELAKE_MAX_BODY_BYTES: must be a positive integer/,
    );
    expect(registered).toEqual([]);
  });

  it('stops start-up when the gold refresh has no warehouse, naming DATABRICKS_HTTP_PATH', async () => {
    vi.stubEnv('DATABRICKS_HTTP_PATH', '');
    await expect(import('../../functions/index.js')).rejects.toThrow(/DATABRICKS_HTTP_PATH/);
  });
});
