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
  /** Runs the gold SQL files (the gold refresh timer). */
  goldRefresher: GoldRefresher;
  /** NCRONTAB schedule of the gold refresh timer, as registered (see goldRefreshSchedule). */
  goldRefreshSchedule: string;
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
    goldRefresher: databricksGoldRefresher(env),
    goldRefreshSchedule: goldRefreshSchedule(env),
    telemetry: new IngestTelemetry(),
  };
}

/**
 * A `%SETTING%` binding expression when PULSELAKE_GOLD_REFRESH_SCHEDULE is set (the host
 * resolves it and refuses to start on a bad expression); the registry's default otherwise,
 * because the host cannot resolve an expression whose setting is missing.
 */
export function goldRefreshSchedule(env: NodeJS.ProcessEnv = process.env): string {
  const { name } = SETTINGS.goldRefreshSchedule;
  return env[name] ? `%${name}%` : requireSetting('goldRefreshSchedule', env);
}

/** Closes what holds connections (the Event Hubs producer, the SQL client). */
export async function closeFunctionServices(services: FunctionServices): Promise<void> {
  await Promise.allSettled([services.bpmPublisher.close(), services.goldRefresher.warehouse.close()]);
}
