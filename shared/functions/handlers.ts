/**
 * Handler factories: the Functions edge over the tested cores (shared/http/ingest.ts and
 * shared/eventhub/landBpmEvents.ts). Each takes the services it uses explicitly and reports
 * every batch to the services' telemetry (structured log, metrics, one readable line).
 */
import path from 'node:path';
import type { EventHubHandler, HttpHandler, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { FeedName } from '../feeds/registry.js';
import { landBpmEvents, type BpmEventsOutcome } from '../eventhub/landBpmEvents.js';
import { readPartitionBatch } from '../eventhub/triggerMetadata.js';
import { handleIngest, type IngestResponse, type IngestTarget } from '../http/ingest.js';
import { withinDeadline } from '../landing/deadline.js';
import type { LandedBatch } from '../landing/writer.js';
import { eventHubLagMs, type IngestOutcome } from '../telemetry/IngestTelemetry.js';
import type { FunctionServices } from './services.js';

/** Source of HTTP batches in landing file names (docs/landing.md). */
const HTTP_SOURCE = 'http';

type HandlerServices = Pick<
  FunctionServices,
  'landingWriter' | 'bpmPublisher' | 'maxBodyBytes' | 'storageDeadlineMs' | 'telemetry'
>;

/** A landing file's name without folder and extension: the batch id in logs. */
function batchName(landed: LandedBatch | undefined): string | undefined {
  return landed ? path.basename(landed.path).replace(/\.ndjson(\.gz)?$/, '') : undefined;
}

/**
 * Runs the ingest core for one feed and reports the request: what was accepted, rejected and
 * quarantined (only what was actually stored counts), under which batch name.
 */
async function ingestAndReport<F extends FeedName>(
  request: Parameters<HttpHandler>[0],
  context: InvocationContext,
  services: HandlerServices,
  target: Omit<IngestTarget<F>, 'maxBodyBytes' | 'log' | 'deadlineMs'>,
): Promise<HttpResponseInit> {
  let landed: LandedBatch | undefined;
  let quarantined = 0;
  const response: IngestResponse = await handleIngest(request, {
    ...target,
    maxBodyBytes: services.maxBodyBytes,
    deadlineMs: services.storageDeadlineMs,
    log: context,
    accept: async (records) => {
      const result = await target.accept(records);
      if (result && typeof result === 'object' && 'path' in result) landed = result as LandedBatch;
      return result;
    },
    quarantine: async (rejected) => {
      const result = await target.quarantine(rejected);
      quarantined = rejected.length;
      return result;
    },
  });
  const body = response.jsonBody;
  const summary = 'accepted' in body ? body : undefined;
  const outcome: IngestOutcome =
    response.status === 202 ? 'accepted' : response.status >= 500 ? 'failed' : summary ? 'rejected' : 'refused';
  services.telemetry.record(
    {
      source: 'http',
      feed: target.feed,
      outcome,
      accepted: summary?.accepted ?? 0,
      rejected: summary?.rejected.length ?? 0,
      quarantined,
      status: response.status,
      ...(landed ? { batchId: batchName(landed) } : {}),
    },
    context,
  );
  return response;
}

/** POST /api/<route> for a feed that lands directly. */
export function landingHttpHandler(feed: Exclude<FeedName, 'bpm'>, services: HandlerServices): HttpHandler {
  const writer = services.landingWriter;
  return (request, context) =>
    ingestAndReport(request, context, services, {
      feed,
      accept: (records) => writer.landBatch(feed, records, HTTP_SOURCE),
      quarantine: (rejected) => writer.quarantine(feed, rejected, HTTP_SOURCE),
    });
}

/** POST /api/bpm: validated readings go to Event Hubs; the trigger below lands them. */
export function bpmGatewayHttpHandler(services: HandlerServices): HttpHandler {
  return (request, context) =>
    ingestAndReport(request, context, services, {
      feed: 'bpm',
      accept: (readings) => services.bpmPublisher.publish(readings),
      quarantine: (rejected) => services.landingWriter.quarantine('bpm', rejected, HTTP_SOURCE),
    });
}

/** Event Hubs trigger (cardinality many): lands the batch or throws so the invocation fails. */
export function bpmEventHubHandler(services: HandlerServices, now: () => Date = () => new Date()): EventHubHandler {
  return async (events, context): Promise<void> => {
    const lagMs = eventHubLagMs(context.triggerMetadata, now());
    const retry = context.retryContext ? { retry: context.retryContext.retryCount } : {};
    let outcome: BpmEventsOutcome;
    try {
      // Past the storage deadline the invocation fails (a hung store) and the host redelivers the batch.
      outcome = await withinDeadline(
        landBpmEvents(events, context.triggerMetadata, services.landingWriter, context),
        services.storageDeadlineMs,
        'bpm batch',
      );
    } catch (error) {
      const count = Array.isArray(events) ? events.length : 1;
      services.telemetry.record(
        {
          source: 'eventhub',
          feed: 'bpm',
          outcome: 'failed',
          accepted: 0,
          rejected: 0,
          quarantined: 0,
          ...partitionOf(events, context),
          ...(lagMs !== undefined ? { lagMs } : {}),
          ...retry,
        },
        context,
      );
      context.error(`bpm batch of ${count} events not landed; the retry policy redelivers it`, error);
      throw error;
    }
    services.telemetry.record(
      {
        source: 'eventhub',
        feed: 'bpm',
        outcome: outcome.accepted > 0 || outcome.rejected === 0 ? 'accepted' : 'rejected',
        accepted: outcome.accepted,
        rejected: outcome.rejected,
        quarantined: outcome.quarantined?.count ?? 0,
        batchId: `${outcome.source}-${outcome.batchId ?? '(content hash)'}`,
        ...partitionOf(events, context),
        ...(lagMs !== undefined ? { lagMs } : {}),
        ...retry,
      },
      context,
    );
  };
}

/** The batch's partition, from the same trigger metadata that names its landing file. */
function partitionOf(events: unknown, context: InvocationContext): { partition?: string } {
  const batch = readPartitionBatch(context.triggerMetadata, Array.isArray(events) ? events.length : 1);
  return batch ? { partition: batch.partitionId } : {};
}
