/**
 * Where the BPM HTTP gateway sends validated readings. In Azure it is Event Hubs
 * (EventHubBpmPublisher); the local host plugs in an in-process hub with the same contract.
 */
import type { BpmRecord } from '../feeds/generated/types.js';

export interface BpmPublisher {
  /**
   * Publishes the readings, partitioned by device. Resolves only once the hub has accepted
   * every reading; rejects otherwise (the gateway then answers 5xx and acknowledges nothing).
   */
  publish(readings: readonly BpmRecord[]): Promise<void>;
  /** Releases connections (host shutdown). */
  close(): Promise<void>;
}

/** Readings of one device stay in order on one partition: the partition key is the device id. */
export function bpmPartitionKey(reading: BpmRecord): string {
  return String(reading.device_id);
}
