import { describe, expect, it } from 'vitest';
import type {
  EventHubFunctionOptions,
  HttpFunctionOptions,
  TimerFunctionOptions,
} from '../../shared/functions/azure.js';
import { FUNCTIONS, httpFunctions, registerAll, type FunctionRegistrar } from '../../shared/functions/manifest.js';
import { FEEDS, FEED_NAMES } from '../../shared/feeds/registry.js';

function recorder() {
  const calls: {
    kind: string;
    name: string;
    options: HttpFunctionOptions | EventHubFunctionOptions | TimerFunctionOptions;
  }[] = [];
  const app: FunctionRegistrar = {
    http: (name, options) => void calls.push({ kind: 'http', name, options }),
    eventHub: (name, options) => void calls.push({ kind: 'eventHub', name, options }),
    timer: (name, options) => void calls.push({ kind: 'timer', name, options }),
  };
  return { app, calls };
}

describe('function manifest', () => {
  it('has one POST endpoint per feed, at the route of the feed registry, behind a function key', () => {
    const http = httpFunctions();
    expect(http.map((f) => f.feed).sort()).toEqual([...FEED_NAMES].sort());
    for (const f of http) {
      expect(f.name).toBe(FEEDS[f.feed].httpFunctionName);
      expect(f.options).toMatchObject({ route: FEEDS[f.feed].route, methods: ['POST'], authLevel: 'function' });
      expect(f.options.handler).toBe(f.handler);
    }
    expect(http.map((f) => f.route).sort()).toEqual(['bpm', 'gym-visits', 'profiles', 'registrations', 'workouts']);
  });

  it('has a BPM Event Hubs trigger with cardinality many and an unbounded exponential retry policy', () => {
    const eh = FUNCTIONS.find((f) => f.kind === 'eventHub');
    expect(eh?.options).toMatchObject({
      connection: 'PULSELAKE_EVENTHUB_CONNECTION',
      eventHubName: '%PULSELAKE_EVENTHUB_NAME%',
      cardinality: 'many',
      retry: { strategy: 'exponentialBackoff', maxRetryCount: -1 },
    });
  });

  it('registerAll registers every entry once, under unique names', () => {
    const { app, calls } = recorder();
    registerAll(app);
    expect(calls.map((c) => c.name)).toEqual(FUNCTIONS.map((f) => f.name));
    expect(new Set(calls.map((c) => c.name)).size).toBe(calls.length);
    expect(calls.filter((c) => c.kind === 'eventHub')).toHaveLength(1);
  });
});
