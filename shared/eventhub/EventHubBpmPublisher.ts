/**
 * BpmPublisher over Azure Event Hubs: one `createBatch({ partitionKey })` per device, a new
 * batch whenever `tryAdd` says the current one is full, every batch sent before resolving.
 */
import type { EventDataBatch, EventHubProducerClient } from '@azure/event-hubs';
import type { BpmRecord } from '../feeds/generated/types.js';
import { bpmPartitionKey, type BpmPublisher } from './BpmPublisher.js';

/** The part of EventHubProducerClient this publisher uses (lets tests pass a fake). */
export type BpmProducer = Pick<EventHubProducerClient, 'createBatch' | 'sendBatch' | 'close'>;

/** Devices published concurrently: enough to overlap round trips without flooding the link. */
const DEVICE_CONCURRENCY = 8;

export function groupByPartitionKey(readings: readonly BpmRecord[]): Map<string, BpmRecord[]> {
  const groups = new Map<string, BpmRecord[]>();
  for (const reading of readings) {
    const key = bpmPartitionKey(reading);
    const group = groups.get(key);
    if (group) group.push(reading);
    else groups.set(key, [reading]);
  }
  return groups;
}

export class EventHubBpmPublisher implements BpmPublisher {
  constructor(private readonly producer: BpmProducer) {}

  async publish(readings: readonly BpmRecord[]): Promise<void> {
    const queue = [...groupByPartitionKey(readings)];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) await this.publishDevice(...next);
    };
    await Promise.all(Array.from({ length: Math.min(DEVICE_CONCURRENCY, queue.length) }, worker));
  }

  private async publishDevice(partitionKey: string, readings: readonly BpmRecord[]): Promise<void> {
    let batch: EventDataBatch = await this.producer.createBatch({ partitionKey });
    for (const reading of readings) {
      if (batch.tryAdd({ body: reading, contentType: 'application/json' })) continue;
      if (batch.count === 0)
        throw new Error(`a BPM reading of device ${partitionKey} exceeds the Event Hubs batch size`);
      await this.producer.sendBatch(batch);
      batch = await this.producer.createBatch({ partitionKey });
      if (!batch.tryAdd({ body: reading, contentType: 'application/json' })) {
        throw new Error(`a BPM reading of device ${partitionKey} exceeds the Event Hubs batch size`);
      }
    }
    if (batch.count > 0) await this.producer.sendBatch(batch);
  }

  async close(): Promise<void> {
    await this.producer.close();
  }
}
