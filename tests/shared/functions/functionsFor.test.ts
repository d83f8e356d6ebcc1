import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpRequest, InvocationContext } from '../../../shared/functions/azure.js';
import { functionsFor, type FunctionEntry } from '../../../shared/functions/functionsFor.js';
import { FEEDS, FEED_NAMES } from '../../../shared/feeds/registry.js';
import { loadSchema } from '../../../shared/validation/validator.js';
import { logCollector, tempLanding, testServices, timerTick, type TempLanding } from './helpers.js';

let landing: TempLanding;
let services: ReturnType<typeof testServices>;
let functions: FunctionEntry[];

beforeEach(async () => {
  landing = await tempLanding();
  services = testServices(landing.writer, { goldRefreshSchedule: '%PULSELAKE_GOLD_REFRESH_SCHEDULE%' });
  functions = functionsFor(services);
});
afterEach(() => landing.cleanup());

const context = () => new InvocationContext({ functionName: 'test', logHandler: logCollector().logHandler });

describe('functionsFor(services)', () => {
  it('has one POST endpoint per feed, at the route of the feed registry, behind a function key', () => {
    const http = functions.filter((f) => f.kind === 'http');
    expect(http.map((f) => f.feed).sort()).toEqual([...FEED_NAMES].sort());
    for (const f of http) {
      expect(f.name).toBe(FEEDS[f.feed].httpFunctionName);
      expect(f.options).toMatchObject({ route: FEEDS[f.feed].route, methods: ['POST'], authLevel: 'function' });
    }
    expect(http.map((f) => f.route).sort()).toEqual(['bpm', 'gym-visits', 'profiles', 'registrations', 'workouts']);
  });

  it('has a BPM Event Hubs trigger with cardinality many and an unbounded exponential retry policy', () => {
    const eh = functions.filter((f) => f.kind === 'eventHub');
    expect(eh).toHaveLength(1);
    expect(eh[0]?.options).toMatchObject({
      connection: 'PULSELAKE_EVENTHUB_CONNECTION',
      eventHubName: '%PULSELAKE_EVENTHUB_NAME%',
      consumerGroup: services.eventHubConsumerGroup,
      cardinality: 'many',
      retry: { strategy: 'exponentialBackoff', maxRetryCount: -1 },
    });
  });

  it('has the gold refresh timer on the services’ schedule', () => {
    const timers = functions.filter((f) => f.kind === 'timer');
    expect(timers.map((t) => [t.name, t.options.schedule])).toEqual([
      ['goldRefreshTimer', '%PULSELAKE_GOLD_REFRESH_SCHEDULE%'],
    ]);
  });

  it('names every function once', () => {
    expect(new Set(functions.map((f) => f.name)).size).toBe(functions.length);
  });

  it('binds the handlers to the services it was given: a request lands in that landing writer', async () => {
    const profiles = functions.find((f) => f.kind === 'http' && f.feed === 'profile');
    if (profiles?.kind !== 'http') throw new Error('no profiles function');
    const request = new HttpRequest({
      method: 'POST',
      url: 'http://localhost/api/profiles',
      headers: { 'content-type': 'application/json' },
      body: { string: JSON.stringify((loadSchema('profile')['examples'] as unknown[])[0]) },
    });
    const response = await profiles.options.handler(request, context());
    expect(response).toMatchObject({ status: 202 });
    expect(Object.keys(await landing.files('profile/'))).toHaveLength(1);
  });

  it('binds the timer to the services’ gold refresher', async () => {
    const timer = functions.find((f) => f.kind === 'timer');
    if (timer?.kind !== 'timer') throw new Error('no timer');
    await timer.options.handler(timerTick(), context());
    expect(services.warehouse.runs).toEqual([['/sql/gold/10_a.sql', '/sql/gold/20_b.sql']]);
  });
});
