/**
 * The timer side of the run-now alternative (docs/job-triggering.md), ready to register when
 * PULSELAKE_JOB_TRIGGER=run-now: every minute, ask the debounced trigger whether the ingest
 * job should start. Not registered by default: the bundle's file-arrival trigger starts the
 * ingest job, and running both would start it twice.
 */
import type { InvocationContext, Timer, TimerFunctionOptions, TimerHandler } from '@azure/functions';
import { readSetting } from '../config/settings.js';
import type { DebouncedJobTrigger } from './DebouncedJobTrigger.js';
import { landingJobTriggerFromSettings } from './fromSettings.js';

export const LANDING_JOB_TRIGGER_FUNCTION_NAME = 'landingJobTriggerTimer';

let processTrigger: DebouncedJobTrigger | undefined;

/** One trigger per process: its memory of handled files lives across ticks. */
function triggerForProcess(): DebouncedJobTrigger {
  processTrigger ??= landingJobTriggerFromSettings();
  return processTrigger;
}

export function landingJobTriggerHandler(trigger: () => DebouncedJobTrigger = triggerForProcess): TimerHandler {
  return async (_timer: Timer, context: InvocationContext): Promise<void> => {
    const outcome = await trigger().tick();
    if (outcome.outcome !== 'idle') context.log(JSON.stringify({ event: 'job-trigger', ...outcome }));
  };
}

/** Whether the function app should register the run-now timer (PULSELAKE_JOB_TRIGGER). */
export function runNowTriggerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return readSetting('jobTrigger', env) === 'run-now';
}

export const landingJobTriggerOptions: TimerFunctionOptions = {
  schedule: '0 * * * * *',
  handler: landingJobTriggerHandler(),
};
