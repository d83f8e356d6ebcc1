/**
 * What the function handlers need, built once and handed to `functionsFor(services)`:
 * functions/index.ts builds them from settings at start-up (so a missing or malformed setting
 * stops the worker with a ConfigError naming it), the local host builds its own (its landing
 * folder, its in-process Event Hub, a local gold refresher), tests pass fakes. Nothing here is
 * a module-level singleton: two sets of services in one process never see each other.
 */
import type { BpmPublisher } from '../eventhub/BpmPublisher.js';
import { createBpmPublisher } from '../eventhub/index.js';
import { createLandingWriter } from '../landing/index.js';
import type { LandingWriter } from '../landing/writer.js';
import { SETTINGS, requireSetting } from '../config/settings.js';
import { IngestTelemetry } from '../telemetry/IngestTelemetry.js';
import { databricksGoldRefresher } from '../warehouse/fromSettings.js';
import type { GoldRefresher } from '../warehouse/GoldRefresher.js';

export interface FunctionServices {
  landingWriter: LandingWriter;
  bpmPublisher: BpmPublisher;
  maxBodyBytes: number;
  /** Overall deadline of one request's or Event Hubs invocation's storage writes (PULSELAKE_STORAGE_DEADLINE_MS). */
  storageDeadlineMs: number;
  /** Runs the gold SQL files (the gold refresh timer). */
  goldRefresher: GoldRefresher;
  /** NCRONTAB schedule of the gold refresh timer, as registered (see goldRefreshSchedule). */
  goldRefreshSchedule: string;
  /** Consumer group the BPM trigger reads, as registered (see eventHubConsumerGroup). */
  eventHubConsumerGroup: string;
  /** Structured ingest logs and per-feed metrics. */
  telemetry: IngestTelemetry;
}

/**
 * The Function App's services, from app settings. Every setting is read here, now: a bad one
 * throws a ConfigError naming it, and functions/index.ts lets it stop start-up.
 */
export function functionServicesFromSettings(env: NodeJS.ProcessEnv = process.env): FunctionServices {
  return {
    landingWriter: createLandingWriter(env),
    bpmPublisher: createBpmPublisher(env),
    maxBodyBytes: requireSetting('maxBodyBytes', env),
    storageDeadlineMs: requireSetting('storageDeadlineMs', env),
    goldRefresher: databricksGoldRefresher(env),
    goldRefreshSchedule: goldRefreshSchedule(env),
    eventHubConsumerGroup: eventHubConsumerGroup(env),
    telemetry: new IngestTelemetry(),
  };
}

/**
 * A `%SETTING%` binding expression when the setting is set (the host resolves it and refuses to
 * start on a bad value); the registry's default otherwise, because the host cannot resolve an
 * expression whose setting is missing.
 */
function bindingOrDefault(key: 'goldRefreshSchedule' | 'eventHubConsumerGroup', env: NodeJS.ProcessEnv): string {
  const { name } = SETTINGS[key];
  return env[name] ? `%${name}%` : requireSetting(key, env);
}

/** The gold refresh timer's schedule: PULSELAKE_GOLD_REFRESH_SCHEDULE, every 15 minutes by default. */
export function goldRefreshSchedule(env: NodeJS.ProcessEnv = process.env): string {
  return bindingOrDefault('goldRefreshSchedule', env);
}

/** The BPM trigger's consumer group: PULSELAKE_EVENTHUB_CONSUMER_GROUP (infra sets its own group), `$Default` otherwise. */
export function eventHubConsumerGroup(env: NodeJS.ProcessEnv = process.env): string {
  return bindingOrDefault('eventHubConsumerGroup', env);
}

/** Closes what holds connections (the Event Hubs producer, the SQL client). */
export async function closeFunctionServices(services: FunctionServices): Promise<void> {
  await Promise.allSettled([services.bpmPublisher.close(), services.goldRefresher.warehouse.close()]);
}
