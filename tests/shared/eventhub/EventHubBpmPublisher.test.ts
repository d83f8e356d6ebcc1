import type { EventData, EventDataBatch } from '@azure/event-hubs';
import { describe, expect, it } from 'vitest';
import { EventHubBpmPublisher, type BpmProducer } from '../../../shared/eventhub/EventHubBpmPublisher.js';
import type { BpmRecord } from '../../../shared/feeds/generated/types.js';

/** A producer whose batches hold `capacity` events, recording what was sent per partition key. */
function fakeProducer(capacity: number, failSend = false) {
  const sent: { partitionKey: string | undefined; bodies: unknown[] }[] = [];
  const producer: BpmProducer = {
    async createBatch(options) {
      const bodies: unknown[] = [];
      const batch = {
        get count() {
          return bodies.length;
        },
        tryAdd(event: EventData) {
          if (bodies.length >= capacity) return false;
          bodies.push(event.body);
          return true;
        },
        partitionKey: options?.partitionKey,
        bodies,
      };
      return batch as unknown as EventDataBatch;
    },
    async sendBatch(batch) {
      if (failSend) throw new Error('ServiceUnavailable');
      const b = batch as unknown as { partitionKey: string; bodies: unknown[] };
      sent.push({ partitionKey: b.partitionKey, bodies: [...b.bodies] });
    },
    async close() {},
  };
  return { producer, sent };
}

const reading = (device_id: number, time: number): BpmRecord => ({ device_id, time, heartrate: 70 });

describe('EventHubBpmPublisher', () => {
  it('sends each device on its own partition key, in order, splitting full batches', async () => {
    const { producer, sent } = fakeProducer(2);
    const readings = [reading(1, 10), reading(2, 10), reading(1, 11), reading(1, 12), reading(2, 11)];
    await new EventHubBpmPublisher(producer).publish(readings);
    const byKey = (key: string) => sent.filter((s) => s.partitionKey === key).map((s) => s.bodies);
    expect(byKey('1')).toEqual([[reading(1, 10), reading(1, 11)], [reading(1, 12)]]);
    expect(byKey('2')).toEqual([[reading(2, 10), reading(2, 11)]]);
    expect(sent.flatMap((s) => s.bodies)).toHaveLength(readings.length);
  });

  it('rejects when the hub does not accept a batch', async () => {
    const { producer } = fakeProducer(10, true);
    await expect(new EventHubBpmPublisher(producer).publish([reading(1, 10)])).rejects.toThrow('ServiceUnavailable');
  });

  it('rejects a reading too large for an empty batch instead of dropping it', async () => {
    const { producer } = fakeProducer(0);
    await expect(new EventHubBpmPublisher(producer).publish([reading(1, 10)])).rejects.toThrow(/exceeds/);
  });

  it('sends nothing for no readings', async () => {
    const { producer, sent } = fakeProducer(2);
    await new EventHubBpmPublisher(producer).publish([]);
    expect(sent).toEqual([]);
  });
});
