/**
 * An Event Hub inside the local host process. It stands in for Azure Event Hubs on both ends:
 * as the BPM gateway's `BpmPublisher` it appends readings to partitions (chosen by hashing the
 * partition key, each with its own sequence numbers and byte offsets), and as the Functions
 * host it delivers each partition's events in batches to the Event Hubs trigger handler with
 * the trigger's `triggerMetadata` shape. A batch whose invocation fails is redelivered (same
 * events, same sequence numbers, so the landing file name is the same) after the retry
 * policy's backoff, and the partition's checkpoint only moves past a batch once its
 * invocation succeeded: nothing the gateway acknowledged is skipped.
 *
 * Unlike Event Hubs, the events live in memory until delivered: `close()` flushes them, but a
 * killed process loses what was not delivered yet. It is a local development host.
 */
import { randomUUID } from 'node:crypto';
import type { EventHubHandler, RetryOptions } from '@azure/functions';
import { bpmPartitionKey, type BpmPublisher } from '../eventhub/BpmPublisher.js';
import type { BpmRecord } from '../feeds/generated/types.js';
import { InvocationContext } from '../functions/azure.js';
import { retryDelayMs } from './retryDelay.js';

export type LocalLogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
export type LocalLog = (level: LocalLogLevel, ...args: unknown[]) => void;

export interface InProcessEventHubOptions {
  /** The Event Hubs trigger handler (from the functions manifest). */
  handler: EventHubHandler;
  functionName: string;
  eventHubName?: string;
  consumerGroup?: string;
  fullyQualifiedNamespace?: string;
  /** Partitions (Event Hubs: 1 to 32; default 4). */
  partitionCount?: number;
  /** Events per invocation at most (host.json `extensions.eventHubs.maxEventBatchSize`). */
  maxBatchSize?: number;
  /** How long a partition waits for more events before invoking with a partial batch. */
  batchWindowMs?: number;
  /** Retry policy of failed invocations (the function's `retry` option); retried until success. */
  retry?: RetryOptions;
  /**
   * Sequence number of each partition's first event. Event Hubs never reuses a sequence number,
   * and the trigger names landing files after them, so a restarted in-memory hub must not start
   * again at 0 (its first batch would be taken for an earlier run's file and not land). The
   * default is the start time in microseconds since the epoch: later than any number an earlier
   * run could have reached at under a million events per second.
   */
  firstSequenceNumber?: number;
  log?: LocalLog;
  now?: () => Date;
}

/** One stored event, with the system properties Event Hubs assigns on enqueue. */
export interface HubEvent {
  body: unknown;
  partitionKey: string;
  sequenceNumber: number;
  offset: string;
  enqueuedTimeUtc: string;
}

export interface PartitionState {
  partitionId: string;
  /** Sequence number the next event will get. */
  nextSequenceNumber: number;
  /** Events enqueued but not yet delivered by a successful invocation. */
  pending: number;
  /** Invocations that failed and were retried. */
  failedInvocations: number;
}

const DEFAULT_RETRY: RetryOptions = {
  strategy: 'exponentialBackoff',
  maxRetryCount: -1,
  minimumInterval: { seconds: 1 },
  maximumInterval: { seconds: 30 },
};

/** FNV-1a: a stable hash, so a device's readings always go to the same partition, in order. */
export function partitionForKey(key: string, partitionCount: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitionCount;
}

/** `triggerMetadata` of a cardinality-many invocation, as the Node.js worker hands it over (camel-cased). */
export function batchTriggerMetadata(
  events: readonly HubEvent[],
  partition: { partitionId: string; eventHubName: string; consumerGroup: string; fullyQualifiedNamespace: string },
): Record<string, unknown> {
  return {
    partitionContext: {
      consumerGroup: partition.consumerGroup,
      eventHubName: partition.eventHubName,
      fullyQualifiedNamespace: partition.fullyQualifiedNamespace,
      partitionId: partition.partitionId,
    },
    partitionKeyArray: events.map((e) => e.partitionKey),
    offsetArray: events.map((e) => e.offset),
    sequenceNumberArray: events.map((e) => e.sequenceNumber),
    enqueuedTimeUtcArray: events.map((e) => e.enqueuedTimeUtc),
    propertiesArray: events.map(() => ({})),
    systemPropertiesArray: events.map((e) => ({
      'x-opt-sequence-number': e.sequenceNumber,
      'x-opt-offset': e.offset,
      'x-opt-enqueued-time': e.enqueuedTimeUtc,
      'x-opt-partition-key': e.partitionKey,
      sequenceNumber: e.sequenceNumber,
      offset: e.offset,
      partitionKey: e.partitionKey,
      enqueuedTimeUtc: e.enqueuedTimeUtc,
    })),
  };
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

class Partition {
  readonly events: HubEvent[] = [];
  nextOffset = 0;
  failedInvocations = 0;
  /** The running delivery loop, if any. */
  pump: Promise<void> | undefined;

  constructor(
    readonly partitionId: string,
    public nextSequenceNumber: number,
  ) {}
}

export class InProcessEventHub implements BpmPublisher {
  private readonly partitions: Partition[];
  private readonly options: Required<Omit<InProcessEventHubOptions, 'log' | 'now' | 'firstSequenceNumber'>> & {
    log: LocalLog;
    now: () => Date;
  };
  private closed = false;
  /** Aborted when the hub gives up on delivery (close timed out): retry sleeps end at once. */
  private readonly stop = new AbortController();
  /** Aborted by flush(): partitions waiting for a fuller batch deliver at once. */
  private windowWake = new AbortController();

  constructor(options: InProcessEventHubOptions) {
    const partitionCount = options.partitionCount ?? 4;
    if (!Number.isInteger(partitionCount) || partitionCount < 1 || partitionCount > 32) {
      throw new Error(`partitionCount must be an integer from 1 to 32, got ${partitionCount}`);
    }
    this.options = {
      eventHubName: 'bpm',
      consumerGroup: '$Default',
      fullyQualifiedNamespace: 'localhost',
      maxBatchSize: 100,
      batchWindowMs: 20,
      retry: DEFAULT_RETRY,
      log: () => undefined,
      now: () => new Date(),
      ...options,
      partitionCount,
    };
    const firstSequenceNumber = options.firstSequenceNumber ?? Date.now() * 1000;
    if (!Number.isSafeInteger(firstSequenceNumber) || firstSequenceNumber < 0) {
      throw new Error(`firstSequenceNumber must be a non-negative safe integer, got ${firstSequenceNumber}`);
    }
    this.partitions = Array.from({ length: partitionCount }, (_, i) => new Partition(String(i), firstSequenceNumber));
  }

  /** Appends the readings (partition key = device id) and resolves once they are enqueued. */
  async publish(readings: readonly BpmRecord[]): Promise<void> {
    this.send(readings.map((reading) => ({ body: reading, partitionKey: bpmPartitionKey(reading) })));
  }

  /** Enqueues events like `EventHubProducerClient.sendBatch`; delivery to the handler follows asynchronously. */
  send(events: readonly { body: unknown; partitionKey: string }[]): void {
    if (this.closed) throw new Error('the in-process event hub is closed');
    const enqueuedTimeUtc = this.options.now().toISOString();
    const touched = new Set<Partition>();
    for (const { body, partitionKey } of events) {
      const partition = this.partitions[partitionForKey(partitionKey, this.partitions.length)] as Partition;
      // A wire round trip: the consumer gets its own copy, as bytes would give it.
      const text = JSON.stringify(body);
      partition.events.push({
        body: JSON.parse(text) as unknown,
        partitionKey,
        sequenceNumber: partition.nextSequenceNumber,
        offset: String(partition.nextOffset),
        enqueuedTimeUtc,
      });
      partition.nextSequenceNumber += 1;
      partition.nextOffset += Buffer.byteLength(text);
      touched.add(partition);
    }
    for (const partition of touched) this.startPump(partition);
  }

  state(): PartitionState[] {
    return this.partitions.map((p) => ({
      partitionId: p.partitionId,
      nextSequenceNumber: p.nextSequenceNumber,
      pending: p.events.length,
      failedInvocations: p.failedInvocations,
    }));
  }

  /** Events not yet delivered by a successful invocation. */
  pendingCount(): number {
    return this.partitions.reduce((n, p) => n + p.events.length, 0);
  }

  /** Resolves once every event enqueued so far was delivered by a successful invocation. */
  async flush(): Promise<void> {
    this.windowWake.abort();
    this.windowWake = new AbortController();
    for (;;) {
      const pumps = this.partitions.map((p) => p.pump).filter((p): p is Promise<void> => p !== undefined);
      if (pumps.length === 0) return;
      await Promise.all(pumps);
    }
  }

  /**
   * Stops accepting events, delivers what is pending, and releases the hub. When delivery
   * does not finish within `timeoutMs` (storage down), gives up and rejects with the number
   * of readings not landed.
   */
  async close(timeoutMs = 30_000): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.flush().then(() => 'flushed' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.stop.abort();
      await this.flush();
      const lost = this.pendingCount();
      if (lost > 0)
        throw new Error(`in-process event hub closed with ${lost} readings not landed (delivery kept failing)`);
    }
  }

  private startPump(partition: Partition): void {
    if (partition.pump) return;
    partition.pump = this.deliver(partition).finally(() => {
      partition.pump = undefined;
      // Events published while the last invocation was finishing get their own run.
      if (partition.events.length > 0 && !this.stop.signal.aborted) this.startPump(partition);
    });
  }

  private async deliver(partition: Partition): Promise<void> {
    const { maxBatchSize, batchWindowMs } = this.options;
    if (partition.events.length < maxBatchSize && batchWindowMs > 0) {
      await sleep(batchWindowMs, AbortSignal.any([this.stop.signal, this.windowWake.signal]));
    }
    while (partition.events.length > 0 && !this.stop.signal.aborted) {
      const batch = partition.events.slice(0, maxBatchSize);
      if (!(await this.invokeUntilSuccess(partition, batch))) return;
      // Checkpoint: only now does the partition move past the batch.
      partition.events.splice(0, batch.length);
    }
  }

  /** Runs the handler on one batch until it succeeds; false when the hub stopped first. */
  private async invokeUntilSuccess(partition: Partition, batch: HubEvent[]): Promise<boolean> {
    const { handler, functionName, retry, log } = this.options;
    const triggerMetadata = batchTriggerMetadata(batch, { ...this.options, partitionId: partition.partitionId });
    for (let retryCount = 0; ; retryCount += 1) {
      if (this.stop.signal.aborted) return false;
      const context = new InvocationContext({
        invocationId: randomUUID(),
        functionName,
        triggerMetadata,
        logHandler: (level, ...args) => log(level, `[${functionName}]`, ...args),
        ...(retryCount > 0 ? { retryContext: { retryCount, maxRetryCount: retry.maxRetryCount } } : {}),
      });
      try {
        await handler(
          batch.map((e) => e.body),
          context,
        );
        return true;
      } catch (error) {
        partition.failedInvocations += 1;
        const delay = retryDelayMs(retry, retryCount + 1);
        const first = batch[0]?.sequenceNumber;
        const last = batch[batch.length - 1]?.sequenceNumber;
        log(
          'warning',
          `[${functionName}] partition ${partition.partitionId} batch ${first}-${last} failed ` +
            `(${(error as Error).message ?? String(error)}); redelivering in ${delay} ms`,
        );
        await sleep(delay, this.stop.signal);
      }
    }
  }
}
