/**
 * Handler factories: the Functions edge over the tested cores (shared/http/ingest.ts and
 * shared/eventhub/landBpmEvents.ts). Every function file in functions/ is one call here.
 */
import type { EventHubHandler, HttpHandler, HttpResponseInit } from '@azure/functions';
import type { FeedName } from '../feeds/registry.js';
import { landBpmEvents } from '../eventhub/landBpmEvents.js';
import { handleIngest } from '../http/ingest.js';
import { withinDeadline } from '../landing/deadline.js';
import { bpmPublisher, landingWriter, maxBodyBytes, storageDeadlineMs } from './runtime.js';

/** Source of HTTP batches in landing file names (docs/landing.md). */
const HTTP_SOURCE = 'http';

/** POST /api/<route> for a feed that lands directly. */
export function landingHttpHandler(feed: Exclude<FeedName, 'bpm'>): HttpHandler {
  return async (request, context): Promise<HttpResponseInit> =>
    handleIngest(request, {
      feed,
      maxBodyBytes: maxBodyBytes(),
      accept: (records) => landingWriter().landBatch(feed, records, HTTP_SOURCE),
      quarantine: (rejected) => landingWriter().quarantine(feed, rejected, HTTP_SOURCE),
      deadlineMs: storageDeadlineMs(),
      log: context,
    });
}

/** POST /api/bpm: validated readings go to Event Hubs; the trigger below lands them. */
export function bpmGatewayHttpHandler(): HttpHandler {
  return async (request, context): Promise<HttpResponseInit> =>
    handleIngest(request, {
      feed: 'bpm',
      maxBodyBytes: maxBodyBytes(),
      accept: (readings) => bpmPublisher().publish(readings),
      quarantine: (rejected) => landingWriter().quarantine('bpm', rejected, HTTP_SOURCE),
      deadlineMs: storageDeadlineMs(),
      log: context,
    });
}

/** Event Hubs trigger (cardinality many): lands the batch or throws so the invocation fails. */
export function bpmEventHubHandler(): EventHubHandler {
  return async (events, context): Promise<void> => {
    // Past the deadline the invocation fails (a hung store), and the host redelivers the batch.
    const outcome = await withinDeadline(
      landBpmEvents(events, context.triggerMetadata, landingWriter(), context),
      storageDeadlineMs(),
      'bpm batch',
    );
    context.log(
      `bpm batch ${outcome.source}-${outcome.batchId ?? '(content hash)'}: ${outcome.accepted} landed` +
        ` (${outcome.landed?.outcome ?? 'none'}), ${outcome.rejected} quarantined` +
        (context.retryContext ? ` (retry ${context.retryContext.retryCount})` : ''),
    );
  };
}
