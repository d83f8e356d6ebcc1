/**
 * `pulselake serve`: a Node `http` server that plays the Azure Functions host for the
 * functions of `functionsFor`. HTTP functions get their routes (`/<routePrefix>/<route>`, from
 * host.json), function-key checks and the same handlers; the Event Hubs trigger is fed by an
 * in-process Event Hub that is also the BPM gateway's publisher, so `/api/bpm` lands end to
 * end. Timer functions are listed but not scheduled. The host builds its own services (landing
 * writer, hub, telemetry) and calls the same `functionsFor(services)` as functions/index.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readSetting, requireSetting } from '../config/settings.js';
import { InvocationContext } from '../functions/azure.js';
import {
  functionsFor,
  type EventHubFunctionEntry,
  type FunctionEntry,
  type HttpFunctionEntry,
} from '../functions/functionsFor.js';
import { eventHubConsumerGroup, goldRefreshSchedule, type FunctionServices } from '../functions/services.js';
import { createLandingWriter } from '../landing/index.js';
import type { LandingWriter } from '../landing/writer.js';
import { IngestTelemetry } from '../telemetry/IngestTelemetry.js';
import { localGoldRefresher } from '../warehouse/fromSettings.js';
import { hasFunctionKey } from './functionKey.js';
import { readHostJson } from './hostJson.js';
import { readCappedBody, toHttpRequest, writeHttpResponse, writeJson } from './httpBridge.js';
import { InProcessEventHub, type InProcessEventHubOptions, type LocalLog } from './InProcessEventHub.js';

export interface LocalHostOptions {
  /** TCP port; 0 picks a free one (tests). Default 7071, like Functions Core Tools. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (not exposed to the network). */
  host?: string;
  env?: NodeJS.ProcessEnv;
  log?: LocalLog;
  /** Overrides for the in-process Event Hub (partitions, batch window, retry policy). */
  eventHub?: Partial<Pick<InProcessEventHubOptions, 'partitionCount' | 'maxBatchSize' | 'batchWindowMs' | 'retry'>>;
  /** How long close() waits for pending BPM readings to land. */
  shutdownTimeoutMs?: number;
  /** Landing writer for the handlers; default from settings (`PULSELAKE_STORAGE`, ...). */
  landingWriter?: LandingWriter;
  /** Telemetry of the handlers; default: the global OpenTelemetry meter, lines to `log`. */
  telemetry?: IngestTelemetry;
}

export interface LocalRoute {
  method: string;
  path: string;
  functionName: string;
}

export interface LocalHost {
  url: string;
  routes: LocalRoute[];
  /** Functions that are not served locally (timers), by name. */
  notServed: string[];
  hub: InProcessEventHub;
  /** Stops accepting requests, finishes those in flight, lands pending BPM readings, releases services. */
  close(): Promise<void>;
}

export const consoleLog: LocalLog = (level, ...args) => {
  if (level === 'trace' || level === 'debug' || level === 'none') return;
  const line = args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' ');
  if (level === 'information') console.log(line);
  else console.error(`${level}: ${line}`);
};

function normalisePath(pathname: string): string {
  const trimmed = pathname.replace(/\/+$/, '');
  return (trimmed === '' ? '/' : trimmed).toLowerCase();
}

function eventHubEntry(functions: readonly FunctionEntry[]): EventHubFunctionEntry {
  const entries = functions.filter((f): f is EventHubFunctionEntry => f.kind === 'eventHub');
  if (entries.length !== 1) throw new Error(`the local host expects one Event Hubs function, found ${entries.length}`);
  return entries[0] as EventHubFunctionEntry;
}

export async function startLocalHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  const env = options.env ?? process.env;
  const log = options.log ?? consoleLog;
  const hostJson = readHostJson();
  const functionKey = readSetting('functionKey', env);
  const maxBodyBytes = requireSetting('maxBodyBytes', env);

  // This host's own services: two hosts in one process share nothing. The in-process hub is
  // both the gateway's publisher and the trigger's source, so the publisher forwards to the
  // hub built below from the trigger's entry.
  const hubRef: { current?: InProcessEventHub } = {};
  const services: FunctionServices = {
    landingWriter: options.landingWriter ?? createLandingWriter(env),
    bpmPublisher: {
      publish: (readings) => (hubRef.current as InProcessEventHub).publish(readings),
      close: async () => undefined, // the host closes the hub itself
    },
    maxBodyBytes,
    goldRefresher: localGoldRefresher(env),
    goldRefreshSchedule: goldRefreshSchedule(env),
    eventHubConsumerGroup: eventHubConsumerGroup(env),
    telemetry: options.telemetry ?? new IngestTelemetry(),
  };
  const functions = functionsFor(services);
  const trigger = eventHubEntry(functions);
  const hub = new InProcessEventHub({
    handler: trigger.options.handler,
    functionName: trigger.name,
    eventHubName: readSetting('eventHubName', env) ?? 'bpm',
    maxBatchSize: hostJson.maxEventBatchSize,
    ...(trigger.options.retry ? { retry: trigger.options.retry } : {}),
    ...(trigger.options.consumerGroup ? { consumerGroup: trigger.options.consumerGroup } : {}),
    log,
    ...options.eventHub,
  });
  hubRef.current = hub;

  const httpEntries = new Map<string, HttpFunctionEntry>();
  for (const entry of functions) {
    if (entry.kind === 'http') httpEntries.set(normalisePath(`/${hostJson.routePrefix}/${entry.route}`), entry);
  }
  const routes: LocalRoute[] = [...httpEntries].map(([path, entry]) => ({
    method: (entry.options.methods ?? ['GET', 'POST']).join(','),
    path,
    functionName: entry.name,
  }));

  async function dispatch(request: IncomingMessage, response: ServerResponse): Promise<number> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const entry = httpEntries.get(normalisePath(url.pathname));
    if (!entry) {
      return writeJson(response, 404, { error: `no function at ${url.pathname}`, routes: routes.map((r) => r.path) });
    }
    const methods = entry.options.methods ?? ['GET', 'POST'];
    if (!methods.includes((request.method ?? 'GET').toUpperCase() as (typeof methods)[number])) {
      return writeJson(response, 405, { error: `method ${request.method} not allowed` }, { allow: methods.join(', ') });
    }
    const headerKey = request.headers['x-functions-key'];
    const keyRequired = (entry.options.authLevel ?? 'function') !== 'anonymous';
    if (
      keyRequired &&
      !hasFunctionKey(functionKey, Array.isArray(headerKey) ? headerKey[0] : headerKey, url.searchParams.get('code'))
    ) {
      request.resume();
      return writeJson(response, 401, {
        error: 'missing or wrong function key (x-functions-key header or code query parameter)',
      });
    }
    const body = await readCappedBody(request, maxBodyBytes);
    // An upload cut short cannot be followed by another request on this connection.
    const extraHeaders: Record<string, string> = body.complete ? {} : { connection: 'close' };
    if (!body.complete) request.resume();
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: entry.name,
      logHandler: (level, ...args) => log(level, `[${entry.name}]`, ...args),
    });
    try {
      const result = await entry.options.handler(toHttpRequest(request, url, body.bytes), context);
      return await writeHttpResponse(response, result, extraHeaders);
    } catch (error) {
      log('error', `[${entry.name}] threw:`, error);
      return writeJson(response, 500, { error: 'the function threw: see the host log' }, extraHeaders);
    }
  }

  const server: Server = createServer((request, response) => {
    const started = performance.now();
    dispatch(request, response).then(
      (status) =>
        log('information', `${request.method} ${request.url} ${status} ${Math.round(performance.now() - started)}ms`),
      (error: unknown) => {
        log('error', `${request.method} ${request.url} failed:`, error);
        if (!response.headersSent) writeJson(response, 500, { error: 'local host error' });
        else response.destroy();
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7071, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostName = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    closing ??= (async () => {
      // In-flight requests finish (their readings reach the hub) before the hub is flushed.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(grace);
      await hub.close(options.shutdownTimeoutMs ?? 30_000);
    })();
    return closing;
  }

  return {
    url: `http://${hostName}:${address.port}`,
    routes,
    notServed: functions.filter((f) => f.kind === 'timer').map((f) => f.name),
    hub,
    close,
  };
}
