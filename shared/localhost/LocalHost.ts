/**
 * `pulselake serve`: a Node `http` server that plays the Azure Functions host for the
 * functions of `functionsFor`. HTTP functions get their routes (`/<routePrefix>/<route>`, from
 * host.json), function-key checks and the same handlers; the Event Hubs trigger is fed by an
 * in-process Event Hub that is also the BPM gateway's publisher, so `/api/bpm` lands end to
 * end. Timer functions are listed but not scheduled. The host builds its own services (landing
 * writer, hub, telemetry) and calls the same `functionsFor(services)` as functions/index.ts.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
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
import { redactLogArgs } from '../http/redact.js';
import { IngestTelemetry } from '../telemetry/IngestTelemetry.js';
import { localGoldRefresher } from '../warehouse/fromSettings.js';
import { hasFunctionKey } from './functionKey.js';
import { HubJournal } from './HubJournal.js';
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

/**
 * Ends the exchange once the answer is sent: the rest of the request body is never read (a 401
 * or 413 needs none of it) and the connection is closed, so it cannot carry another request.
 */
function closeAfterResponse(request: IncomingMessage, response: ServerResponse): void {
  const destroy = (): void => {
    request.socket.destroy();
  };
  if (response.writableFinished) destroy();
  else response.once('finish', destroy);
}

/** A host-level refusal: small JSON answer, `Connection: close`, body left unread. */
function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): number {
  writeJson(response, status, body, { ...headers, connection: 'close' });
  closeAfterResponse(request, response);
  return status;
}

function eventHubEntry(functions: readonly FunctionEntry[]): EventHubFunctionEntry {
  const entries = functions.filter((f): f is EventHubFunctionEntry => f.kind === 'eventHub');
  if (entries.length !== 1) throw new Error(`the local host expects one Event Hubs function, found ${entries.length}`);
  return entries[0] as EventHubFunctionEntry;
}

export async function startLocalHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  const env = options.env ?? process.env;
  const baseLog = options.log ?? consoleLog;
  // Every line the host or a handler logs passes through redaction (`?code=`, x-functions-key).
  const log: LocalLog = (level, ...args) => baseLog(level, ...redactLogArgs(args));
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
    storageDeadlineMs: requireSetting('storageDeadlineMs', env),
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
    // /api/bpm answers 202 only once the readings are on disk; a restart replays what had not landed.
    journal: new HubJournal(path.resolve(requireSetting('home', env), 'journal', 'bpm')),
    ...options.eventHub,
  });
  hubRef.current = hub;
  const replayed = await hub.recover();
  if (replayed > 0) log('information', `replaying ${replayed} BPM readings journaled before the last stop`);

  const httpEntries = new Map<string, HttpFunctionEntry>();
  for (const entry of functions) {
    if (entry.kind === 'http') httpEntries.set(normalisePath(`/${hostJson.routePrefix}/${entry.route}`), entry);
  }
  const routes: LocalRoute[] = [...httpEntries].map(([path, entry]) => ({
    method: (entry.options.methods ?? ['GET', 'POST']).join(','),
    path,
    functionName: entry.name,
  }));

  function invocationContext(entry: HttpFunctionEntry): InstanceType<typeof InvocationContext> {
    return new InvocationContext({
      invocationId: randomUUID(),
      functionName: entry.name,
      logHandler: (level, ...args) => log(level, `[${entry.name}]`, ...args),
    });
  }

  async function dispatch(request: IncomingMessage, response: ServerResponse): Promise<number> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const entry = httpEntries.get(normalisePath(url.pathname));
    if (!entry) {
      // No route listing and no echo of the request: callers learn nothing about the host.
      return refuse(request, response, 404, { error: 'no function at this path' });
    }
    const methods = entry.options.methods ?? ['GET', 'POST'];
    if (!methods.includes((request.method ?? 'GET').toUpperCase() as (typeof methods)[number])) {
      return refuse(request, response, 405, { error: 'method not allowed' }, { allow: methods.join(', ') });
    }
    const headerKey = request.headers['x-functions-key'];
    const keyRequired = (entry.options.authLevel ?? 'function') !== 'anonymous';
    if (
      keyRequired &&
      !hasFunctionKey(functionKey, Array.isArray(headerKey) ? headerKey[0] : headerKey, url.searchParams.get('code'))
    ) {
      return refuse(request, response, 401, {
        error: 'missing or wrong function key (x-functions-key header or code query parameter)',
      });
    }
    const body = await readCappedBody(request, maxBodyBytes);
    if (!body.complete) {
      // Too large (declared or actual): the handler's 413 needs no more bytes. Stop reading and close.
      const context = invocationContext(entry);
      const result = await entry.options.handler(toHttpRequest(request, url, body.bytes), context);
      const status = await writeHttpResponse(response, result, { connection: 'close' });
      closeAfterResponse(request, response);
      return status;
    }
    const extraHeaders: Record<string, string> = {};
    const context = invocationContext(entry);
    try {
      const result = await entry.options.handler(toHttpRequest(request, url, body.bytes), context);
      return await writeHttpResponse(response, result, extraHeaders);
    } catch (error) {
      log('error', `[${entry.name}] threw:`, error);
      return writeJson(response, 500, { error: 'the function threw: see the host log' }, extraHeaders);
    }
  }

  const requestTimeoutMs = requireSetting('serveRequestTimeoutSeconds', env) * 1000;
  const server: Server = createServer(
    {
      headersTimeout: requestTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // How often Node looks for requests past those timeouts (its default is every 30 s).
      connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
    },
    (request, response) => {
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
    },
  );

  server.maxConnections = requireSetting('serveMaxConnections', env);

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
