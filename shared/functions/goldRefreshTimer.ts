/**
 * Timer trigger: refreshes the gold tables on the Databricks SQL warehouse by running the
 * files of databricks/sql/gold/ (shared/warehouse/GoldRefresher.ts does the work). Schedule:
 * the PULSELAKE_GOLD_REFRESH_SCHEDULE app setting, every 15 minutes when it is not set.
 * A refresh still running makes the tick skip (logged); a failed refresh fails the
 * invocation and the next tick tries again.
 */
import type { InvocationContext, Timer, TimerFunctionOptions, TimerHandler } from '@azure/functions';
import { SETTINGS } from '../shared/config/settings.js';
import type { GoldRefresher } from '../shared/warehouse/GoldRefresher.js';
import { goldRefresherForProcess } from '../shared/warehouse/fromSettings.js';
import type { LogEntry } from '../shared/warehouse/log.js';

export const GOLD_REFRESH_FUNCTION_NAME = 'goldRefreshTimer';

/**
 * A `%SETTING%` binding expression when the app setting exists (the host resolves it and
 * refuses to start on a bad expression); the default schedule otherwise, because the host
 * cannot resolve an expression whose setting is missing.
 */
export function goldRefreshSchedule(env: NodeJS.ProcessEnv = process.env): string {
  const spec = SETTINGS.goldRefreshSchedule;
  return env[spec.name] ? `%${spec.name}%` : (spec.defaultValue as string);
}

function invocationLogger(context: InvocationContext) {
  return (entry: LogEntry): void => {
    const line = JSON.stringify(entry);
    if (entry.outcome === 'failed' || entry.outcome === 'timed-out') context.error(line);
    else if (entry.outcome === 'skipped' || entry.outcome === 'retrying') context.warn(line);
    else context.log(line);
  };
}

export function goldRefreshTimerHandler(refresher: () => GoldRefresher = goldRefresherForProcess): TimerHandler {
  return async (timer: Timer, context: InvocationContext): Promise<void> => {
    if (timer.isPastDue) context.warn(JSON.stringify({ event: 'gold-refresh', note: 'tick is past due' }));
    await refresher().refresh(invocationLogger(context));
  };
}

export const goldRefreshTimer = goldRefreshTimerHandler();

export function goldRefreshTimerOptions(env: NodeJS.ProcessEnv = process.env): TimerFunctionOptions {
  return { schedule: goldRefreshSchedule(env), handler: goldRefreshTimer };
}
