import { describe, expect, it } from 'vitest';
import { batchTriggerMetadata, type HubEvent } from '../../../shared/localhost/InProcessEventHub.js';

const events: HubEvent[] = [5, 6].map((sequenceNumber, i) => ({
  body: { device_id: 1 },
  partitionKey: String(10 + i),
  sequenceNumber,
  offset: String(i * 20),
  enqueuedTimeUtc: '2026-03-01T10:00:00.000Z',
}));
const partition = {
  partitionId: '2',
  eventHubName: 'bpm',
  consumerGroup: '$Default',
  fullyQualifiedNamespace: 'localhost',
};

describe('batchTriggerMetadata', () => {
  it('has every key of the worker shape, in order, the per-event property arrays made on first read and kept', () => {
    const metadata = batchTriggerMetadata(events, partition);
    expect(Object.keys(metadata)).toEqual([
      'partitionContext',
      'partitionKeyArray',
      'offsetArray',
      'sequenceNumberArray',
      'enqueuedTimeUtcArray',
      'propertiesArray',
      'systemPropertiesArray',
    ]);
    const system = metadata['systemPropertiesArray'];
    expect(system).toEqual([
      {
        'x-opt-sequence-number': 5,
        'x-opt-offset': '0',
        'x-opt-enqueued-time': '2026-03-01T10:00:00.000Z',
        'x-opt-partition-key': '10',
        sequenceNumber: 5,
        offset: '0',
        partitionKey: '10',
        enqueuedTimeUtc: '2026-03-01T10:00:00.000Z',
      },
      expect.objectContaining({ sequenceNumber: 6, offset: '20', partitionKey: '11' }),
    ]);
    expect(metadata['systemPropertiesArray']).toBe(system);
    expect(JSON.parse(JSON.stringify(metadata))).toMatchObject({ propertiesArray: [{}, {}], offsetArray: ['0', '20'] });
    expect({ ...metadata }['propertiesArray']).toEqual([{}, {}]);
  });

  it('lets a handler replace the lazy properties', () => {
    const metadata = batchTriggerMetadata(events, partition);
    metadata['propertiesArray'] = ['mine'];
    expect(metadata['propertiesArray']).toEqual(['mine']);
  });
});
