/**
 * The one list of every Azure Function of the app, derived from the feed registry: name,
 * trigger kind, route/options and handler. `registerAll(app)` performs the Azure
 * registrations from it (functions/index.ts); the local host (`pulselake serve`) reads the
 * same entries to route requests and events to the same handlers.
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
import { bpmEventHubTrigger } from '../../functions/bpmEventHubTrigger.js';
import { bpmGatewayHttp } from '../../functions/bpmGatewayHttp.js';
import { gymVisitsHttp } from '../../functions/gymVisitsHttp.js';
import { profilesHttp } from '../../functions/profilesHttp.js';
import { registrationsHttp } from '../../functions/registrationsHttp.js';
import { workoutsHttp } from '../../functions/workoutsHttp.js';
import {
  GOLD_REFRESH_FUNCTION_NAME,
  goldRefreshTimer,
  goldRefreshTimerOptions,
} from '../../functions/goldRefreshTimer.js';

export interface HttpFunctionEntry {
  kind: 'http';
  name: string;
  feed: FeedName;
  /** Route under the `api` prefix (host.json `routePrefix`). */
  route: string;
  handler: HttpHandler;
  options: HttpFunctionOptions;
}

export interface EventHubFunctionEntry {
  kind: 'eventHub';
  name: string;
  feed: FeedName;
  handler: EventHubHandler;
  options: EventHubFunctionOptions;
}

export interface TimerFunctionEntry {
  kind: 'timer';
  name: string;
  handler: TimerHandler;
  options: TimerFunctionOptions;
}

export type FunctionEntry = HttpFunctionEntry | EventHubFunctionEntry | TimerFunctionEntry;

/** One HTTP handler per feed; the mapped type makes a new feed without a function a type error. */
const HTTP_HANDLERS: { readonly [F in FeedName]: HttpHandler } = {
  registration: registrationsHttp,
  profile: profilesHttp,
  bpm: bpmGatewayHttp,
  workout: workoutsHttp,
  gym_visit: gymVisitsHttp,
};

function httpEntry(feed: FeedName): HttpFunctionEntry {
  const { httpFunctionName: name, route } = FEEDS[feed];
  const handler = HTTP_HANDLERS[feed];
  return {
    kind: 'http',
    name,
    feed,
    route,
    handler,
    options: { methods: ['POST'], authLevel: 'function', route, handler },
  };
}

export const BPM_EVENTHUB_FUNCTION_NAME = 'bpmEventHub';

/**
 * The Event Hubs trigger checkpoints after every invocation, even one that threw, so a failed
 * landing would silently skip the batch. A function-level retry policy re-runs the same batch
 * in place (the checkpoint does not move while it retries). Retries are unbounded because the
 * handler only fails when storage is down: bad readings are quarantined, never thrown.
 */
const bpmEventHubEntry: EventHubFunctionEntry = {
  kind: 'eventHub',
  name: BPM_EVENTHUB_FUNCTION_NAME,
  feed: 'bpm',
  handler: bpmEventHubTrigger,
  options: {
    connection: SETTINGS.eventHubConnection.name,
    eventHubName: `%${SETTINGS.eventHubName.name}%`,
    cardinality: 'many',
    retry: {
      strategy: 'exponentialBackoff',
      maxRetryCount: -1,
      minimumInterval: { seconds: 5 },
      maximumInterval: { minutes: 15 },
    },
    handler: bpmEventHubTrigger,
  },
};

/** Refreshes gold on the Databricks SQL warehouse (schedule from PULSELAKE_GOLD_REFRESH_SCHEDULE). */
const goldRefreshTimerEntry: TimerFunctionEntry = {
  kind: 'timer',
  name: GOLD_REFRESH_FUNCTION_NAME,
  handler: goldRefreshTimer,
  options: goldRefreshTimerOptions(),
};

export const FUNCTIONS: readonly FunctionEntry[] = [
  ...FEED_NAMES.map(httpEntry),
  bpmEventHubEntry,
  goldRefreshTimerEntry,
];

/** The part of `app` from `@azure/functions` that registerAll uses (tests pass a recorder). */
export interface FunctionRegistrar {
  http(name: string, options: HttpFunctionOptions): void;
  eventHub(name: string, options: EventHubFunctionOptions): void;
  timer(name: string, options: TimerFunctionOptions): void;
}

export function registerAll(app: FunctionRegistrar, functions: readonly FunctionEntry[] = FUNCTIONS): void {
  for (const entry of functions) {
    switch (entry.kind) {
      case 'http':
        app.http(entry.name, entry.options);
        break;
      case 'eventHub':
        app.eventHub(entry.name, entry.options);
        break;
      case 'timer':
        app.timer(entry.name, entry.options);
        break;
    }
  }
}

export function httpFunctions(functions: readonly FunctionEntry[] = FUNCTIONS): HttpFunctionEntry[] {
  return functions.filter((f): f is HttpFunctionEntry => f.kind === 'http');
}
