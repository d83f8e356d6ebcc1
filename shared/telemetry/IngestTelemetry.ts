/**
 * What an operator sees of each ingested batch: one structured log record (custom dimensions
 * feed, accepted, rejected, batchId, partition, outcome, …), per-feed counters of records
 * accepted, rejected and quarantined, and the Event Hubs lag of BPM batches. Metrics and the
 * structured record go through the OpenTelemetry API: in Azure, functions/index.ts starts the
 * Azure Monitor distro first (when APPLICATIONINSIGHTS_CONNECTION_STRING is set), so they
 * reach Application Insights as customMetrics and traces with customDimensions; without a
 * provider they are no-ops. The same event is also written as one readable line to the
 * invocation's log (the Functions log stream, and the console of `pulselake serve`).
 */
import { metrics, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import { logs, SeverityNumber, type Logger } from '@opentelemetry/api-logs';
import type { FeedName } from '../feeds/registry.js';

export const TELEMETRY_SCOPE = 'pulselake';

/**
 * `accepted`: valid records landed (or were published); `rejected`: nothing valid (HTTP 400);
 * `refused`: the request was refused before validation (405/413/415/400 on malformed JSON);
 * `failed`: storage, the hub or a setting failed and nothing was acknowledged.
 */
export type IngestOutcome = 'accepted' | 'rejected' | 'refused' | 'failed';

export interface IngestEvent {
  /** `http` for an HTTP request, `eventhub` for an Event Hubs trigger batch. */
  source: 'http' | 'eventhub';
  feed: FeedName;
  outcome: IngestOutcome;
  accepted: number;
  rejected: number;
  /** Rejected records safely written to quarantine/ (0 when that write failed). */
  quarantined: number;
  /** Landing file name without extension, when something landed under a batch name. */
  batchId?: string;
  /** Event Hubs partition of the batch. */
  partition?: string;
  /** Event Hubs lag: now − enqueued time of the batch's last event, in ms. */
  lagMs?: number;
  /** HTTP status answered. */
  status?: number;
  /** Redelivery number of an Event Hubs batch (function retry policy). */
  retry?: number;
}

/** The part of InvocationContext the readable line goes to. */
export interface LineLog {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export const METRIC_NAMES = {
  accepted: 'pulselake.records.accepted',
  rejected: 'pulselake.records.rejected',
  quarantined: 'pulselake.records.quarantined',
  lag: 'pulselake.eventhub.lag',
} as const;

/** The custom dimensions of the structured record (Application Insights `customDimensions`). */
export function customDimensions(event: IngestEvent): Record<string, string | number> {
  const dims: Record<string, string | number> = {
    event: 'ingest-batch',
    source: event.source,
    feed: event.feed,
    outcome: event.outcome,
    accepted: event.accepted,
    rejected: event.rejected,
    quarantined: event.quarantined,
  };
  if (event.batchId !== undefined) dims['batchId'] = event.batchId;
  if (event.partition !== undefined) dims['partition'] = event.partition;
  if (event.lagMs !== undefined) dims['lagMs'] = event.lagMs;
  if (event.status !== undefined) dims['status'] = event.status;
  if (event.retry !== undefined) dims['retry'] = event.retry;
  return dims;
}

/** One readable line, e.g. `bpm eventhub batch eh-p0-100-199-ab12: 98 accepted, 2 rejected (2 quarantined) → accepted; partition 0, lag 1.2 s`. */
export function formatIngestLine(event: IngestEvent): string {
  const details = [
    event.status !== undefined ? `status ${event.status}` : undefined,
    event.partition !== undefined ? `partition ${event.partition}` : undefined,
    event.lagMs !== undefined ? `lag ${(event.lagMs / 1000).toFixed(1)} s` : undefined,
    event.retry !== undefined ? `retry ${event.retry}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return (
    `${event.feed} ${event.source} batch ${event.batchId ?? '-'}: ` +
    `${event.accepted} accepted, ${event.rejected} rejected (${event.quarantined} quarantined) → ${event.outcome}` +
    (details.length > 0 ? `; ${details.join(', ')}` : '')
  );
}

export interface IngestTelemetryOptions {
  /** Default: the global meter provider's `pulselake` meter (a no-op until a provider is registered). */
  meter?: Meter;
  /** Default: the global logger provider's `pulselake` logger. */
  logger?: Logger;
}

export class IngestTelemetry {
  private readonly accepted: Counter;
  private readonly rejected: Counter;
  private readonly quarantined: Counter;
  private readonly lag: Histogram;
  private readonly logger: Logger;

  /** Build it after telemetry started: a meter taken before a provider is registered stays a no-op. */
  constructor(options: IngestTelemetryOptions = {}) {
    const meter = options.meter ?? metrics.getMeter(TELEMETRY_SCOPE);
    const records = (name: string, description: string): Counter =>
      meter.createCounter(name, { description, unit: '{record}' });
    this.accepted = records(
      METRIC_NAMES.accepted,
      'Valid records landed (or published to Event Hubs by the BPM gateway), per feed.',
    );
    this.rejected = records(METRIC_NAMES.rejected, 'Records that failed validation, per feed.');
    this.quarantined = records(METRIC_NAMES.quarantined, 'Rejected records written to quarantine/, per feed.');
    this.lag = meter.createHistogram(METRIC_NAMES.lag, {
      description: "Event Hubs lag of a BPM batch: now minus the enqueued time of the batch's last event.",
      unit: 'ms',
    });
    this.logger = options.logger ?? logs.getLogger(TELEMETRY_SCOPE);
  }

  record(event: IngestEvent, log?: LineLog): void {
    const attributes = { feed: event.feed };
    // Records only count as accepted once they are stored: a failed request acknowledged nothing.
    if (event.outcome !== 'failed' && event.accepted > 0) this.accepted.add(event.accepted, attributes);
    if (event.rejected > 0) this.rejected.add(event.rejected, attributes);
    if (event.quarantined > 0) this.quarantined.add(event.quarantined, attributes);
    if (event.lagMs !== undefined) {
      this.lag.record(event.lagMs, { ...attributes, ...(event.partition ? { partition: event.partition } : {}) });
    }

    const line = formatIngestLine(event);
    const failed = event.outcome === 'failed';
    const warning = event.outcome === 'rejected' || event.outcome === 'refused';
    this.logger.emit({
      severityNumber: failed ? SeverityNumber.ERROR : warning ? SeverityNumber.WARN : SeverityNumber.INFO,
      severityText: failed ? 'ERROR' : warning ? 'WARN' : 'INFO',
      body: line,
      attributes: customDimensions(event),
    });
    if (!log) return;
    if (failed) log.error(line);
    else if (warning) log.warn(line);
    else log.log(line);
  }
}

/**
 * The Event Hubs lag of a batch from the trigger's metadata: `now` minus the enqueued time of
 * its last event (`enqueuedTimeUtcArray`), or undefined when the metadata has none.
 */
export function eventHubLagMs(triggerMetadata: Record<string, unknown> | undefined, now: Date): number | undefined {
  const times = triggerMetadata?.['enqueuedTimeUtcArray'];
  if (!Array.isArray(times) || times.length === 0) return undefined;
  const last: unknown = times[times.length - 1];
  const enqueued =
    last instanceof Date
      ? last.getTime()
      : typeof last === 'number'
        ? last
        : typeof last === 'string'
          ? Date.parse(last)
          : NaN;
  if (Number.isNaN(enqueued)) return undefined;
  return Math.max(0, now.getTime() - enqueued);
}
