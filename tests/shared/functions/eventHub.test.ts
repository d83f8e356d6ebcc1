import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventHubHandler } from '@azure/functions';
import { InvocationContext } from '../../../shared/functions/azure.js';
import { bpmEventHubHandler } from '../../../shared/functions/handlers.js';
import { LandingWriter } from '../../../shared/landing/writer.js';
import { brokenStore, logCollector, tempLanding, testServices, type TempLanding } from './helpers.js';

let landing: TempLanding;
let writer: LandingWriter;

beforeEach(async () => {
  landing = await tempLanding();
  writer = landing.writer;
});
afterEach(async () => {
  await landing.cleanup();
});

/** The trigger's handler over the current landing writer. */
const bpmEventHubTrigger: EventHubHandler = (events, context) =>
  bpmEventHubHandler(testServices(writer))(events, context);

/**
 * The trigger metadata the Node.js worker passes for cardinality 'many' (host binding data,
 * camel-cased): partition context plus one array entry per event.
 */
function triggerMetadata(partitionId: string, firstSequence: number, count: number): Record<string, unknown> {
  const seq = Array.from({ length: count }, (_, i) => firstSequence + i);
  return {
    partitionContext: {
      consumerGroup: '$Default',
      eventHubName: 'bpm',
      fullyQualifiedNamespace: 'pulselake-dev.servicebus.windows.net',
      partitionId,
    },
    partitionKeyArray: seq.map(() => '14'),
    offsetArray: seq.map((s) => String(s * 120)),
    sequenceNumberArray: seq,
    enqueuedTimeUtcArray: seq.map((s) => new Date(Date.UTC(2023, 2, 11, 8, 5, s % 60)).toISOString()),
    propertiesArray: seq.map(() => ({})),
    systemPropertiesArray: seq.map((s) => ({ SequenceNumber: s, PartitionKey: '14' })),
  };
}

function context(metadata: Record<string, unknown>, retryCount?: number): InvocationContext {
  return new InvocationContext({
    functionName: 'bpmEventHub',
    invocationId: 'test',
    triggerMetadata: metadata,
    logHandler: logCollector().logHandler,
    ...(retryCount === undefined ? {} : { retryContext: { retryCount, maxRetryCount: -1 } }),
  });
}

const r1 = { device_id: 14, time: 1678521600, heartrate: 71.5 };
const r2 = { device_id: 14, time: 1678521601.5, heartrate: null };
const r3 = { device_id: 14, time: 1678521603, heartrate: -1 };
/** The batch's own date: its first enqueued time (2023-03-11 in triggerMetadata above), not the clock. */
const enqueuedDate = '2023-03-11';
/** `bpm/ingest_date=<first enqueued date>/eh-p<partition>-<first>-<last>-<12 hex>.ndjson` */
const batchName = (partition: number, first: number, last: number): RegExp =>
  new RegExp(`^bpm/ingest_date=${enqueuedDate}/eh-p${partition}-${first}-${last}-[0-9a-f]{12}\\.ndjson$`);

describe('BPM Event Hubs trigger', () => {
  it('lands a batch of objects, JSON strings and bytes as ONE file eh-p<partition>-<first>-<last>', async () => {
    const events = [r1, JSON.stringify(r2), Buffer.from(JSON.stringify(r3))];
    await bpmEventHubTrigger(events, context(triggerMetadata('3', 1200, 3)));
    const files = await landing.files();
    expect(Object.keys(files)).toEqual([expect.stringMatching(batchName(3, 1200, 1202))]);
    expect(Object.values(files)).toEqual([[r1, r2, r3]]);
  });

  it('quarantines invalid events under the same batch name, with index, reasons and raw body', async () => {
    const events = [r1, { device_id: 14, time: 1678521600 }, 'not json'];
    await bpmEventHubTrigger(events, context(triggerMetadata('0', 77, 3)));
    const files = await landing.files();
    const landedName = Object.keys(files).find((name) => batchName(0, 77, 79).test(name));
    expect(landedName && files[landedName]).toEqual([r1]);
    expect(files[`quarantine/${landedName}`]).toEqual([
      expect.objectContaining({ feed: 'bpm', source: 'eh-p0', index: 1, errors: ['heartrate: is required'] }),
      expect.objectContaining({
        index: 2,
        raw: 'not json',
        raw_encoding: 'utf-8',
        errors: [expect.stringMatching(/^body: not valid JSON/)],
      }),
    ]);
  });

  it('is idempotent on redelivery: the same batch twice gives one file', async () => {
    await bpmEventHubTrigger([r1, r2], context(triggerMetadata('5', 40, 2)));
    await bpmEventHubTrigger([r1, r2], context(triggerMetadata('5', 40, 2), 1));
    expect(Object.keys(await landing.files())).toEqual([expect.stringMatching(batchName(5, 40, 41))]);
  });

  it('never reuses a name when a recreated hub restarts its sequence numbers with other events', async () => {
    await bpmEventHubTrigger([r1], context(triggerMetadata('2', 0, 1)));
    await bpmEventHubTrigger([r3], context(triggerMetadata('2', 0, 1)));
    const names = Object.keys(await landing.files());
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(batchName(2, 0, 0));
  });

  it('throws when storage fails, so the invocation fails and the retry policy redelivers', async () => {
    writer = new LandingWriter(brokenStore);
    await expect(bpmEventHubTrigger([r1], context(triggerMetadata('1', 9, 1)))).rejects.toThrow(/ECONNREFUSED/);
    // ...and the redelivered batch lands once storage is back.
    writer = landing.writer;
    await bpmEventHubTrigger([r1], context(triggerMetadata('1', 9, 1), 1));
    expect(Object.keys(await landing.files())).toEqual([expect.stringMatching(batchName(1, 9, 9))]);
  });

  it('still lands idempotently (content hash) when the metadata is unusable', async () => {
    await bpmEventHubTrigger([r1, r2], context({}));
    await bpmEventHubTrigger([r1, r2], context({}));
    expect(Object.keys(await landing.files())).toEqual([
      expect.stringMatching(/^bpm\/ingest_date=.*\/eh-[0-9a-f]{32}\.ndjson$/),
    ]);
  });
});
