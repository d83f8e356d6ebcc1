/**
 * The services the function handlers use, created lazily from settings on first use (so a
 * config error names its setting and fails the invocation instead of crashing the worker),
 * and replaceable: the local host plugs in its in-process Event Hub, tests plug in fakes.
 */
import type { BpmPublisher } from '../eventhub/BpmPublisher.js';
import { createBpmPublisher } from '../eventhub/index.js';
import { createLandingWriter } from '../landing/index.js';
import type { LandingWriter } from '../landing/writer.js';
import { requireSetting } from '../config/settings.js';

export interface FunctionServices {
  landingWriter: LandingWriter;
  bpmPublisher: BpmPublisher;
  maxBodyBytes: number;
  /** Overall deadline of one request's or invocation's storage writes. */
  storageDeadlineMs: number;
}

let services: Partial<FunctionServices> = {};

export function landingWriter(): LandingWriter {
  return (services.landingWriter ??= createLandingWriter());
}

export function bpmPublisher(): BpmPublisher {
  return (services.bpmPublisher ??= createBpmPublisher());
}

export function maxBodyBytes(): number {
  return (services.maxBodyBytes ??= requireSetting('maxBodyBytes'));
}

export function storageDeadlineMs(): number {
  return (services.storageDeadlineMs ??= requireSetting('storageDeadlineMs'));
}

/** Uses the given services instead of creating them from settings (local host, tests). */
export function useFunctionServices(overrides: Partial<FunctionServices>): void {
  Object.assign(services, overrides);
}

/** Closes what holds connections (the Event Hubs producer) on host shutdown, then forgets all services. */
export async function closeFunctionServices(): Promise<void> {
  const publisher = services.bpmPublisher;
  services = {};
  await publisher?.close();
}

/** Forgets every service (tests); the next use creates them from settings again. */
export function resetFunctionServices(): void {
  services = {};
}

/**
 * Creates every service now, so that a missing or malformed setting stops start-up with a
 * message naming it (called by functions/index.ts in Azure).
 */
export function initFunctionServices(): void {
  landingWriter();
  bpmPublisher();
  maxBodyBytes();
  storageDeadlineMs();
}
