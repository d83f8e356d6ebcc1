/**
 * Ingest telemetry through the real OpenTelemetry SDK with in-memory exporters: the per-feed
 * counters and the Event Hubs lag the handlers record, the structured log record's custom
 * dimensions, and the readable line printed locally.
 */
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpRequest, InvocationContext } from '../../../shared/functions/azure.js';
import { functionsFor } from '../../../shared/functions/functionsFor.js';
import {
  IngestTelemetry,
  METRIC_NAMES,
  customDimensions,
  eventHubLagMs,
  formatIngestLine,
  type IngestEvent,
} from '../../../shared/telemetry/IngestTelemetry.js';
import { loadSchema } from '../../../shared/validation/validator.js';
import { logCollector, tempLanding, testServices, type TempLanding } from '../functions/helpers.js';

let metricExporter: InMemoryMetricExporter;
let reader: PeriodicExportingMetricReader;
let meterProvider: MeterProvider;
let logExporter: InMemoryLogRecordExporter;
let loggerProvider: LoggerProvider;
let telemetry: IngestTelemetry;

beforeEach(() => {
  metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  meterProvider = new MeterProvider({ readers: [reader] });
  logExporter = new InMemoryLogRecordExporter();
  loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor(logExporter)] });
  telemetry = new IngestTelemetry({ meter: meterProvider.getMeter('test'), logger: loggerProvider.getLogger('test') });
});
afterEach(() => meterProvider.shutdown());

/** The log records emitted so far. */
async function logRecords() {
  await loggerProvider.forceFlush();
  return logExporter.getFinishedLogRecords();
}

/** Every data point of one metric, as [attributes, value]. */
async function points(name: string): Promise<[Record<string, unknown>, unknown][]> {
  await reader.forceFlush();
  const all =
    metricExporter
      .getMetrics()
      .at(-1)
      ?.scopeMetrics.flatMap((s) => s.metrics) ?? [];
  const metric = all.find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []).map((p: DataPoint<unknown>) => [p.attributes, p.value]);
}

const line = (): {
  lines: string[];
  log: { log: (m: string) => void; warn: (m: string) => void; error: (m: string) => void };
} => {
  const lines: string[] = [];
  return {
    lines,
    log: {
      log: (m) => void lines.push(`info ${m}`),
      warn: (m) => void lines.push(`warn ${m}`),
      error: (m) => void lines.push(`error ${m}`),
    },
  };
};

const bpmBatch: IngestEvent = {
  source: 'eventhub',
  feed: 'bpm',
  outcome: 'accepted',
  accepted: 98,
  rejected: 2,
  quarantined: 2,
  batchId: 'eh-p3-100-199-ab12cd34ef56',
  partition: '3',
  lagMs: 1250,
};

describe('IngestTelemetry metrics', () => {
  it('counts accepted, rejected and quarantined records per feed', async () => {
    telemetry.record({
      source: 'http',
      feed: 'profile',
      outcome: 'accepted',
      accepted: 3,
      rejected: 1,
      quarantined: 1,
    });
    telemetry.record({
      source: 'http',
      feed: 'profile',
      outcome: 'accepted',
      accepted: 2,
      rejected: 0,
      quarantined: 0,
    });
    telemetry.record(bpmBatch);
    expect(await points(METRIC_NAMES.accepted)).toEqual(
      expect.arrayContaining([
        [{ feed: 'profile' }, 5],
        [{ feed: 'bpm' }, 98],
      ]),
    );
    expect(await points(METRIC_NAMES.rejected)).toEqual(
      expect.arrayContaining([
        [{ feed: 'profile' }, 1],
        [{ feed: 'bpm' }, 2],
      ]),
    );
    expect(await points(METRIC_NAMES.quarantined)).toEqual(
      expect.arrayContaining([
        [{ feed: 'profile' }, 1],
        [{ feed: 'bpm' }, 2],
      ]),
    );
  });

  it('does not count records of a failed request as accepted', async () => {
    telemetry.record({
      source: 'http',
      feed: 'workout',
      outcome: 'failed',
      accepted: 0,
      rejected: 0,
      quarantined: 0,
      status: 503,
    });
    expect(await points(METRIC_NAMES.accepted)).toEqual([]);
  });

  it('records the Event Hubs lag per feed and partition', async () => {
    telemetry.record(bpmBatch);
    telemetry.record({ ...bpmBatch, lagMs: 750 });
    const [[attributes, value]] = (await points(METRIC_NAMES.lag)) as [[Record<string, unknown>, Histogram]];
    expect(attributes).toEqual({ feed: 'bpm', partition: '3' });
    expect(value).toMatchObject({ count: 2, sum: 2000, min: 750, max: 1250 });
  });
});

describe('the handlers report through the services’ telemetry', () => {
  let landing: TempLanding;
  beforeEach(async () => {
    landing = await tempLanding();
  });
  afterEach(() => landing.cleanup());

  it('an HTTP request with one valid and one invalid record, and a BPM batch enqueued 2 s ago', async () => {
    const functions = functionsFor(testServices(landing.writer, { telemetry }));
    const profiles = functions.find((f) => f.kind === 'http' && f.feed === 'profile');
    const trigger = functions.find((f) => f.kind === 'eventHub');
    if (profiles?.kind !== 'http' || trigger?.kind !== 'eventHub') throw new Error('functions missing');
    const context = (metadata: Record<string, unknown> = {}) =>
      new InvocationContext({ functionName: 't', triggerMetadata: metadata, logHandler: logCollector().logHandler });

    const valid = (loadSchema('profile')['examples'] as unknown[])[0];
    await profiles.options.handler(
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost/api/profiles',
        headers: { 'content-type': 'application/json' },
        body: { string: JSON.stringify([valid, { user_id: 'x' }]) },
      }),
      context(),
    );
    const enqueued = new Date(Date.now() - 2000).toISOString();
    await trigger.options.handler(
      [
        { device_id: 1, time: 1678521600, heartrate: 60 },
        { device_id: 1, time: 1678521601, heartrate: 61 },
      ],
      context({
        partitionContext: { partitionId: '2' },
        sequenceNumberArray: [7, 8],
        enqueuedTimeUtcArray: [new Date(Date.now() - 5000).toISOString(), enqueued],
      }),
    );

    expect(await points(METRIC_NAMES.accepted)).toEqual(
      expect.arrayContaining([
        [{ feed: 'profile' }, 1],
        [{ feed: 'bpm' }, 2],
      ]),
    );
    expect(await points(METRIC_NAMES.quarantined)).toEqual([[{ feed: 'profile' }, 1]]);
    const [[attributes, lag]] = (await points(METRIC_NAMES.lag)) as [[Record<string, unknown>, Histogram]];
    expect(attributes).toEqual({ feed: 'bpm', partition: '2' });
    // The lag is measured from the last event (2 s ago), not the first (5 s ago).
    expect(lag.sum).toBeGreaterThanOrEqual(2000);
    expect(lag.sum).toBeLessThan(5000);

    const records = (await logRecords()).map((r) => r.attributes);
    expect(records).toEqual([
      expect.objectContaining({
        feed: 'profile',
        accepted: 1,
        rejected: 1,
        quarantined: 1,
        outcome: 'accepted',
        status: 202,
      }),
      expect.objectContaining({
        feed: 'bpm',
        accepted: 2,
        rejected: 0,
        outcome: 'accepted',
        partition: '2',
        batchId: expect.stringMatching(/^eh-p2-7-8-/),
      }),
    ]);
    expect(records[0]?.['batchId']).toMatch(/^http-[0-9a-f]{32}$/);
  });
});

describe('structured record and readable line', () => {
  it('emits one log record whose attributes are the custom dimensions', async () => {
    telemetry.record(bpmBatch);
    const [record] = await logRecords();
    // Every field of the event is a dimension, under its own name, plus the event kind.
    expect(record?.attributes).toEqual({ event: 'ingest-batch', ...bpmBatch });
    expect(record?.severityText).toBe('INFO');
    expect(record?.body).toBe(formatIngestLine(bpmBatch));
  });

  it('prints one readable line per batch: info when accepted, warning when rejected or refused, error when failed', () => {
    const { lines, log } = line();
    telemetry.record(bpmBatch, log);
    telemetry.record(
      { source: 'http', feed: 'workout', outcome: 'rejected', accepted: 0, rejected: 2, quarantined: 2, status: 400 },
      log,
    );
    telemetry.record(
      {
        source: 'http',
        feed: 'registration',
        outcome: 'failed',
        accepted: 0,
        rejected: 0,
        quarantined: 0,
        status: 503,
      },
      log,
    );
    expect(lines).toEqual([
      'info bpm eventhub batch eh-p3-100-199-ab12cd34ef56: 98 accepted, 2 rejected (2 quarantined) → accepted; partition 3, lag 1.3 s',
      'warn workout http batch -: 0 accepted, 2 rejected (2 quarantined) → rejected; status 400',
      'error registration http batch -: 0 accepted, 0 rejected (0 quarantined) → failed; status 503',
    ]);
  });

  it('custom dimensions leave out what a batch does not have', () => {
    expect(
      Object.keys(
        customDimensions({
          source: 'http',
          feed: 'profile',
          outcome: 'refused',
          accepted: 0,
          rejected: 0,
          quarantined: 0,
        }),
      ),
    ).toEqual(['event', 'source', 'feed', 'outcome', 'accepted', 'rejected', 'quarantined']);
  });
});

describe('eventHubLagMs', () => {
  const now = new Date('2026-03-11T08:00:10.000Z');
  it('is now minus the enqueued time of the last event, from ISO strings, Dates or epoch ms', () => {
    expect(eventHubLagMs({ enqueuedTimeUtcArray: ['2026-03-11T08:00:00.000Z', '2026-03-11T08:00:07.500Z'] }, now)).toBe(
      2500,
    );
    expect(eventHubLagMs({ enqueuedTimeUtcArray: [new Date('2026-03-11T08:00:09.000Z')] }, now)).toBe(1000);
    expect(eventHubLagMs({ enqueuedTimeUtcArray: [now.getTime() - 4000] }, now)).toBe(4000);
  });
  it('is undefined without usable enqueued times, and never negative (clock skew)', () => {
    expect(eventHubLagMs(undefined, now)).toBeUndefined();
    expect(eventHubLagMs({ enqueuedTimeUtcArray: [] }, now)).toBeUndefined();
    expect(eventHubLagMs({ enqueuedTimeUtcArray: ['not a date'] }, now)).toBeUndefined();
    expect(eventHubLagMs({ enqueuedTimeUtcArray: ['2026-03-11T08:00:11.000Z'] }, now)).toBe(0);
  });
});
