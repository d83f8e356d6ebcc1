import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config/settings.js';
import {
  eventHubConsumerGroup,
  functionServicesFromSettings,
  goldRefreshSchedule,
} from '../../../shared/functions/services.js';
import { AZURE_SETTINGS } from '../../support/azureSettings.js';

/** The settings an Azure deployment needs (values are never contacted at construction). */

function startUpError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    functionServicesFromSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('services were built');
}

describe('functionServicesFromSettings', () => {
  it('builds every service from valid settings', async () => {
    const services = functionServicesFromSettings(AZURE_SETTINGS);
    expect(services.maxBodyBytes).toBe(4 * 1024 * 1024);
    expect(services.goldRefresher.warehouse.describe()).toMatch(/adb-1\.1\.azuredatabricks\.net/);
    expect(services.landingWriter).toBeDefined();
    await services.bpmPublisher.close();
  });

  it.each([
    ['PULSELAKE_MAX_BODY_BYTES', { PULSELAKE_MAX_BODY_BYTES: 'lots' }],
    ['PULSELAKE_STORAGE', { PULSELAKE_STORAGE: 'disk' }],
    ['AZURE_STORAGE_CONNECTION_STRING or PULSELAKE_STORAGE_ACCOUNT_URL', { AZURE_STORAGE_CONNECTION_STRING: '' }],
    ['PULSELAKE_EVENTHUB_CONNECTION', { PULSELAKE_EVENTHUB_CONNECTION: '' }],
    ['DATABRICKS_HOST', { DATABRICKS_HOST: '' }],
    ['DATABRICKS_HTTP_PATH', { DATABRICKS_HTTP_PATH: '' }],
    ['PULSELAKE_SQL_MAX_ATTEMPTS', { PULSELAKE_SQL_MAX_ATTEMPTS: '0' }],
  ])('a bad or missing %s stops start-up with a message naming it', (setting, change) => {
    const error = startUpError({ ...AZURE_SETTINGS, ...change });
    expect(error.setting).toContain(setting);
    expect(error.message).toContain(setting);
  });
});

describe('goldRefreshSchedule', () => {
  it('is the %PULSELAKE_GOLD_REFRESH_SCHEDULE% binding expression when the setting is set', () => {
    expect(goldRefreshSchedule({ PULSELAKE_GOLD_REFRESH_SCHEDULE: '0 */5 * * * *' })).toBe(
      '%PULSELAKE_GOLD_REFRESH_SCHEDULE%',
    );
  });

  it('is the registry default, every 15 minutes, when it is not', () => {
    expect(goldRefreshSchedule({})).toBe('0 */15 * * * *');
    expect(functionServicesFromSettings(AZURE_SETTINGS).goldRefreshSchedule).toBe('0 */15 * * * *');
  });
});

describe('eventHubConsumerGroup', () => {
  it('is the %PULSELAKE_EVENTHUB_CONSUMER_GROUP% binding expression when the setting is set (infra sets its own group)', () => {
    expect(eventHubConsumerGroup({ PULSELAKE_EVENTHUB_CONSUMER_GROUP: 'pulselake-function' })).toBe(
      '%PULSELAKE_EVENTHUB_CONSUMER_GROUP%',
    );
  });

  it('is $Default when it is not', () => {
    expect(eventHubConsumerGroup({})).toBe('$Default');
    expect(functionServicesFromSettings(AZURE_SETTINGS).eventHubConsumerGroup).toBe('$Default');
  });
});
