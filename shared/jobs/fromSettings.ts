/**
 * The debounced run-now trigger from settings (PULSELAKE_JOB_TRIGGER=run-now): Jobs API client
 * on DATABRICKS_HOST with Entra ID (or a dev PAT), the ingest job id, the debounce window and
 * the landing store the functions write to.
 */
import { readSetting, requireSetting } from '../config/settings.js';
import { createLandingStore } from '../landing/index.js';
import type { LandingStore } from '../landing/LandingStore.js';
import { databricksAuthFrom, parseDatabricksHost } from '../warehouse/databricksAuth.js';
import type { StructuredLogger } from '../warehouse/log.js';
import { DebouncedJobTrigger } from './DebouncedJobTrigger.js';
import { JobsApiClient } from './JobsApiClient.js';
import { LandingStoreChanges } from './LandingChanges.js';

export function landingJobTriggerFromSettings(
  env: NodeJS.ProcessEnv = process.env,
  store: LandingStore = createLandingStore(env),
  log?: StructuredLogger,
): DebouncedJobTrigger {
  const why = 'is required when PULSELAKE_JOB_TRIGGER=run-now';
  const client = new JobsApiClient({
    baseUrl: parseDatabricksHost(requireSetting('databricksHost', env, why)).origin,
    getToken: databricksAuthFrom(readSetting('databricksToken', env)).getToken,
    retry: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 },
    log,
  });
  return new DebouncedJobTrigger({
    client,
    jobId: requireSetting('ingestJobId', env, why),
    windowMs: requireSetting('jobTriggerWindowSeconds', env) * 1000,
    changes: new LandingStoreChanges(store),
    log,
  });
}
