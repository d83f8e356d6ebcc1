/**
 * The one list of every Azure Function of the app, derived from the feed registry: name,
 * trigger kind, route/options and a handler bound to the given services. functions/index.ts
 * registers each entry with `app.http` / `app.eventHub` / `app.timer`; the local host
 * (`pulselake serve`) routes requests and events to the same entries, built over its own
 * services.
 */
import type {
  EventHubFunctionOptions,
  EventHubHandler,
  HttpFunctionOptions,
  HttpHandler,
  TimerFunctionOptions,
  TimerHandler,
} from '@azure/functions';
import { SETTINGS } from '../config/settings.js';
import { FEEDS, FEED_NAMES, type FeedName } from '../feeds/registry.js';
import { GOLD_REFRESH_FUNCTION_NAME, goldRefreshTimerHandler } from './goldRefreshTimer.js';
import { bpmEventHubHandler, bpmGatewayHttpHandler, landingHttpHandler } from './handlers.js';
import type { FunctionServices } from './services.js';

export interface HttpFunctionEntry {
  kind: 'http';
  name: string;
  feed: FeedName;
  /** Route under the `api` prefix (host.json `routePrefix`). */
  route: string;
  options: HttpFunctionOptions & { handler: HttpHandler };
}

export interface EventHubFunctionEntry {
  kind: 'eventHub';
  name: string;
  feed: FeedName;
  options: EventHubFunctionOptions & { handler: EventHubHandler };
}

export interface TimerFunctionEntry {
  kind: 'timer';
  name: string;
  options: TimerFunctionOptions & { handler: TimerHandler };
}

export type FunctionEntry = HttpFunctionEntry | EventHubFunctionEntry | TimerFunctionEntry;

export const BPM_EVENTHUB_FUNCTION_NAME = 'bpmEventHub';

function httpHandler(feed: FeedName, services: FunctionServices): HttpHandler {
  return feed === 'bpm' ? bpmGatewayHttpHandler(services) : landingHttpHandler(feed, services);
}

function httpEntry(feed: FeedName, services: FunctionServices): HttpFunctionEntry {
  const { httpFunctionName: name, route } = FEEDS[feed];
  return {
    kind: 'http',
    name,
    feed,
    route,
    options: { methods: ['POST'], authLevel: 'function', route, handler: httpHandler(feed, services) },
  };
}

/**
 * The Event Hubs trigger checkpoints after every invocation, even one that threw, so a failed
 * landing would silently skip the batch. A function-level retry policy re-runs the same batch
 * in place (the checkpoint does not move while it retries). Retries are unbounded because the
 * handler only fails when storage is down: bad readings are quarantined, never thrown.
 */
function bpmEventHubEntry(services: FunctionServices): EventHubFunctionEntry {
  return {
    kind: 'eventHub',
    name: BPM_EVENTHUB_FUNCTION_NAME,
    feed: 'bpm',
    options: {
      connection: SETTINGS.eventHubConnection.name,
      eventHubName: `%${SETTINGS.eventHubName.name}%`,
      consumerGroup: services.eventHubConsumerGroup,
      cardinality: 'many',
      retry: {
        strategy: 'exponentialBackoff',
        maxRetryCount: -1,
        minimumInterval: { seconds: 5 },
        maximumInterval: { minutes: 15 },
      },
      handler: bpmEventHubHandler(services),
    },
  };
}

/** Refreshes gold on the Databricks SQL warehouse: gold's only writer in Azure. */
function goldRefreshTimerEntry(services: FunctionServices): TimerFunctionEntry {
  return {
    kind: 'timer',
    name: GOLD_REFRESH_FUNCTION_NAME,
    options: { schedule: services.goldRefreshSchedule, handler: goldRefreshTimerHandler(services.goldRefresher) },
  };
}

export function functionsFor(services: FunctionServices): FunctionEntry[] {
  return [
    ...FEED_NAMES.map((feed) => httpEntry(feed, services)),
    bpmEventHubEntry(services),
    goldRefreshTimerEntry(services),
  ];
}
