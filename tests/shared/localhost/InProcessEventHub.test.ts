import type { InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { readPartitionBatch } from '../../../shared/eventhub/triggerMetadata.js';
import { InProcessEventHub, parsedBodies, partitionForKey } from '../../../shared/localhost/InProcessEventHub.js';

interface Invocation {
  events: unknown[];
  metadata: Record<string, unknown>;
  retryCount: number | undefined;
}

/** A trigger handler that records its invocations and fails while `failures` > 0. */
function recordingHandler(failures = 0): {
  invocations: Invocation[];
  handler: (events: unknown, context: InvocationContext) => Promise<void>;
} {
  const invocations: Invocation[] = [];
  let remaining = failures;
  return {
    invocations,
    handler: async (events, context) => {
      invocations.push({
        events: events as unknown[],
        metadata: context.triggerMetadata as Record<string, unknown>,
        retryCount: context.retryContext?.retryCount,
      });
      if (remaining > 0) {
        remaining -= 1;
        throw new Error('storage down');
      }
    },
  };
}

const FAST_RETRY = {
  strategy: 'exponentialBackoff',
  maxRetryCount: -1,
  minimumInterval: 5,
  maximumInterval: 20,
} as const;
const reading = (device: number, time: number): { device_id: number; time: number; heartrate: number } => ({
  device_id: device,
  time,
  heartrate: 60,
});

function hub(handler: (events: unknown, context: InvocationContext) => Promise<void>, extra = {}): InProcessEventHub {
  return new InProcessEventHub({
    handler,
    functionName: 'bpmEventHub',
    batchWindowMs: 0,
    retry: FAST_RETRY,
    firstSequenceNumber: 1000,
    ...extra,
  });
}

describe('partitionForKey', () => {
  it('is stable and spreads devices over the partitions', () => {
    expect(partitionForKey('118440', 4)).toBe(partitionForKey('118440', 4));
    const used = new Set(Array.from({ length: 64 }, (_, i) => partitionForKey(String(100 + i), 4)));
    expect(used).toEqual(new Set([0, 1, 2, 3]));
  });
});

describe('InProcessEventHub', () => {
  it('keeps a device on one partition, with its own consecutive sequence numbers and growing offsets', async () => {
    const { invocations, handler } = recordingHandler();
    const eventHub = hub(handler);
    await eventHub.publish([reading(1, 10), reading(2, 10), reading(1, 11), reading(1, 12)]);
    await eventHub.flush();

    const ofDevice1 = invocations.filter((i) => (i.events[0] as { device_id: number }).device_id === 1);
    expect(ofDevice1).toHaveLength(1);
    const metadata = ofDevice1[0]?.metadata as Record<string, unknown[]>;
    expect(ofDevice1[0]?.events).toEqual([reading(1, 10), reading(1, 11), reading(1, 12)]);
    expect(metadata['sequenceNumberArray']).toEqual([1000, 1001, 1002]);
    expect(metadata['partitionKeyArray']).toEqual(['1', '1', '1']);
    const offsets = (metadata['offsetArray'] as string[]).map(Number);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeGreaterThan(offsets[0] as number);
    expect(offsets[2]).toBeGreaterThan(offsets[1] as number);
    expect(eventHub.pendingCount()).toBe(0);
  });

  it('hands the trigger the metadata shape of a cardinality-many invocation, which the trigger core reads', async () => {
    const { invocations, handler } = recordingHandler();
    const eventHub = hub(handler, { partitionCount: 1, now: () => new Date('2023-03-11T08:05:00Z') });
    await eventHub.publish([reading(7, 1), reading(8, 2)]);
    await eventHub.flush();

    const metadata = invocations[0]?.metadata as Record<string, unknown>;
    expect(metadata).toMatchObject({
      partitionContext: { partitionId: '0', eventHubName: 'bpm', consumerGroup: '$Default' },
      enqueuedTimeUtcArray: ['2023-03-11T08:05:00.000Z', '2023-03-11T08:05:00.000Z'],
      propertiesArray: [{}, {}],
    });
    expect((metadata['systemPropertiesArray'] as unknown[])[1]).toMatchObject({
      sequenceNumber: 1001,
      partitionKey: '8',
    });
    expect(readPartitionBatch(metadata, 2)).toEqual({
      partitionId: '0',
      firstSequenceNumber: '1000',
      lastSequenceNumber: '1001',
      firstEnqueuedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  });

  it('delivers batches of at most maxBatchSize events, in order', async () => {
    const { invocations, handler } = recordingHandler();
    const eventHub = hub(handler, { partitionCount: 1, maxBatchSize: 4 });
    await eventHub.publish(Array.from({ length: 10 }, (_, i) => reading(1, i)));
    await eventHub.flush();
    expect(invocations.map((i) => i.events.length)).toEqual([4, 4, 2]);
    expect(invocations.flatMap((i) => i.events)).toEqual(Array.from({ length: 10 }, (_, i) => reading(1, i)));
  });

  it('redelivers a failed batch unchanged (same sequence numbers) until it succeeds, without moving on', async () => {
    const { invocations, handler } = recordingHandler(2);
    const eventHub = hub(handler, { partitionCount: 1, maxBatchSize: 2 });
    await eventHub.publish([reading(1, 1), reading(1, 2), reading(1, 3)]);
    await eventHub.flush();

    expect(invocations.map((i) => (i.metadata['sequenceNumberArray'] as number[]).join(','))).toEqual([
      '1000,1001',
      '1000,1001',
      '1000,1001',
      '1002',
    ]);
    expect(invocations.map((i) => i.retryCount)).toEqual([undefined, 1, 2, undefined]);
    expect(eventHub.state()[0]).toMatchObject({ pending: 0, failedInvocations: 2 });
  });

  it('flushes pending events on close without waiting out the batch window', { timeout: 5_000 }, async () => {
    const { invocations, handler } = recordingHandler();
    const eventHub = hub(handler, { batchWindowMs: 60_000 });
    await eventHub.publish([reading(1, 1), reading(2, 1)]);
    expect(invocations).toHaveLength(0);
    await eventHub.close(100_000);
    expect(invocations.flatMap((i) => i.events)).toEqual(expect.arrayContaining([reading(1, 1), reading(2, 1)]));
    expect(eventHub.pendingCount()).toBe(0);
  });

  it('gives up after the close timeout when delivery keeps failing, and says how many readings did not land', async () => {
    const { handler } = recordingHandler(Number.POSITIVE_INFINITY);
    const eventHub = hub(handler);
    await eventHub.publish([reading(1, 1), reading(2, 1), reading(3, 1)]);
    await expect(eventHub.close(50)).rejects.toThrow(/3 readings not landed/);
  });

  it('refuses events after close', async () => {
    const eventHub = hub(recordingHandler().handler);
    await eventHub.close();
    await expect(eventHub.publish([reading(1, 1)])).rejects.toThrow(/closed/);
  });

  it('never reuses sequence numbers across hub restarts (landing names derive from them)', async () => {
    const first = recordingHandler();
    const hubA = new InProcessEventHub({ handler: first.handler, functionName: 'f', partitionCount: 1 });
    await hubA.publish([reading(1, 1), reading(1, 2)]);
    await hubA.close();
    await new Promise((r) => setTimeout(r, 2));
    const second = recordingHandler();
    const hubB = new InProcessEventHub({ handler: second.handler, functionName: 'f', partitionCount: 1 });
    await hubB.publish([reading(1, 3)]);
    await hubB.close();

    const lastOfA = (first.invocations.at(-1)?.metadata['sequenceNumberArray'] as number[]).at(-1) as number;
    const firstOfB = (second.invocations[0]?.metadata['sequenceNumberArray'] as number[])[0] as number;
    expect(firstOfB).toBeGreaterThan(lastOfA);
  });
});

describe('parsedBodies', () => {
  const event = (body: unknown, text?: string) => ({
    body: text === undefined ? body : undefined,
    partitionKey: '1',
    sequenceNumber: 0,
    offset: '0',
    enqueuedTimeUtc: '2026-03-01T10:00:00.000Z',
    ...(text === undefined ? {} : { text }),
  });

  it('parses every text into a fresh copy, in order, whether all events have texts or some have bodies', () => {
    const bodies = [{ a: [1, { b: null }] }, 'x', 2.5, null, { nested: { deep: 'é' } }];
    const allTexts = bodies.map((b) => event(b, JSON.stringify(b)));
    const mixed = bodies.map((b, i) => (i % 2 === 0 ? event(b, JSON.stringify(b)) : event(b)));
    for (const batch of [allTexts, mixed]) {
      const parsed = parsedBodies(batch);
      expect(parsed).toEqual(bodies);
      expect(parsed[0]).not.toBe(bodies[0]);
    }
  });
});
