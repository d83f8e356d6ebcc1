/**
 * Timer trigger: refreshes the gold tables on the Databricks SQL warehouse by running the
 * gold SQL files shipped with the app (shared/warehouse/GoldRefresher.ts does the work). It is
 * the only writer of gold in Azure (tests/deployment/goldWriter.test.ts). Schedule: the
 * PULSELAKE_GOLD_REFRESH_SCHEDULE app setting, every 15 minutes when it is not set.
 * A refresh still running makes the tick skip (logged); a failed refresh fails the
 * invocation and the next tick tries again.
 */
import type { InvocationContext, Timer, TimerHandler } from '@azure/functions';
import type { GoldRefresher } from '../warehouse/GoldRefresher.js';
import type { LogEntry } from '../warehouse/log.js';

export const GOLD_REFRESH_FUNCTION_NAME = 'goldRefreshTimer';

function invocationLogger(context: InvocationContext) {
  return (entry: LogEntry): void => {
    const line = JSON.stringify(entry);
    if (entry.outcome === 'failed' || entry.outcome === 'timed-out') context.error(line);
    else if (entry.outcome === 'skipped' || entry.outcome === 'retrying') context.warn(line);
    else context.log(line);
  };
}

export function goldRefreshTimerHandler(refresher: GoldRefresher): TimerHandler {
  return async (timer: Timer, context: InvocationContext): Promise<void> => {
    if (timer.isPastDue) context.warn(JSON.stringify({ event: 'gold-refresh', note: 'tick is past due' }));
    await refresher.refresh(invocationLogger(context));
  };
}
