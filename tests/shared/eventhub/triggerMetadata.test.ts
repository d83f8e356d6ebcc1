import { describe, expect, it } from 'vitest';
import { readPartitionBatch } from '../../../shared/eventhub/triggerMetadata.js';

/** What the Node.js worker hands a cardinality-many Event Hubs trigger (camel-cased binding data). */
function metadata(sequenceNumbers: unknown[], partitionId: unknown = '3'): Record<string, unknown> {
  return {
    partitionContext: {
      consumerGroup: '$Default',
      eventHubName: 'bpm',
      fullyQualifiedNamespace: 'pulselake.servicebus.windows.net',
      partitionId,
    },
    partitionKeyArray: sequenceNumbers.map(() => '14'),
    offsetArray: sequenceNumbers.map((_, i) => String(4294967296 + i * 64)),
    sequenceNumberArray: sequenceNumbers,
    enqueuedTimeUtcArray: sequenceNumbers.map(() => '2023-03-11T08:05:00.123Z'),
    propertiesArray: sequenceNumbers.map(() => ({})),
    systemPropertiesArray: sequenceNumbers.map(() => ({})),
  };
}

describe('readPartitionBatch', () => {
  it('takes the partition and the first and last sequence numbers', () => {
    expect(readPartitionBatch(metadata([1200, 1201, 1202]), 3)).toEqual({
      partitionId: '3',
      firstSequenceNumber: '1200',
      lastSequenceNumber: '1202',
      firstEnqueuedDate: '2023-03-11',
    });
  });

  it('keeps int64 sequence numbers exact whatever their JSON type', () => {
    const long = { toString: () => '9007199254740993' }; // Long-like: past 2^53
    expect(readPartitionBatch(metadata(['9007199254740992', long]), 2)).toMatchObject({
      firstSequenceNumber: '9007199254740992',
      lastSequenceNumber: '9007199254740993',
    });
    expect(readPartitionBatch(metadata([7n, 8n]), 2)).toMatchObject({
      firstSequenceNumber: '7',
      lastSequenceNumber: '8',
    });
  });

  it('reads a partitionContext delivered as JSON text', () => {
    const m = { ...metadata([5]), partitionContext: JSON.stringify({ partitionId: '0' }) };
    expect(readPartitionBatch(m, 1)?.partitionId).toBe('0');
  });

  it('refuses metadata that does not describe this batch', () => {
    expect(readPartitionBatch(undefined, 1)).toBeUndefined();
    expect(readPartitionBatch(metadata([1, 2]), 3)).toBeUndefined(); // length mismatch
    expect(readPartitionBatch(metadata([1, -2]), 2)).toBeUndefined();
    expect(readPartitionBatch(metadata([1, 2], '../x'), 2)).toBeUndefined();
    expect(readPartitionBatch({ sequenceNumberArray: [1] }, 1)).toBeUndefined();
  });
});
