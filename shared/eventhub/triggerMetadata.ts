/**
 * Reads the batch identity out of the Event Hubs trigger's `triggerMetadata` (cardinality
 * `many`): `partitionContext.partitionId` and the per-event `sequenceNumberArray`, whose
 * first and last entries name the landing file so that a redelivered batch lands once.
 *
 * The Node.js worker camel-cases the host's binding data (`PartitionContext` ->
 * `partitionContext`, `SequenceNumberArray` -> `sequenceNumberArray`); int64 sequence
 * numbers may arrive as numbers, strings or Long-like objects, so all are accepted.
 */
export interface PartitionBatch {
  partitionId: string;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  /** UTC date (YYYY-MM-DD) of the first event's enqueued time: the batch's landing date. */
  firstEnqueuedDate?: string;
}

/** UTC date of an enqueued time (ISO text, epoch ms or Date), or undefined. */
export function enqueuedDate(value: unknown): string | undefined {
  const at =
    value instanceof Date
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value)
        : undefined;
  if (!at || Number.isNaN(at.getTime())) return undefined;
  const date = at.toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      return asRecord(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A non-negative int64 as decimal text, or undefined. */
function sequenceText(value: unknown): string | undefined {
  const text =
    typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string'
      ? String(value)
      : typeof value === 'object' && value !== null
        ? String(value) // Long-like objects print their decimal value
        : '';
  return /^\d{1,19}$/.test(text) ? text : undefined;
}

/** Partition ids are small decimal strings ("0".."31") in Event Hubs. */
function partitionText(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^[A-Za-z0-9_-]{1,64}$/.test(text) ? text : undefined;
}

/**
 * The partition and sequence range of a batch of `eventCount` events, or undefined when the
 * metadata is missing or does not describe this batch.
 */
export function readPartitionBatch(
  triggerMetadata: Record<string, unknown> | undefined,
  eventCount: number,
): PartitionBatch | undefined {
  if (!triggerMetadata || eventCount === 0) return undefined;
  const partitionId =
    partitionText(asRecord(triggerMetadata['partitionContext'])?.['partitionId']) ??
    partitionText(triggerMetadata['partitionId']);
  const sequences = triggerMetadata['sequenceNumberArray'];
  if (partitionId === undefined || !Array.isArray(sequences) || sequences.length !== eventCount) return undefined;
  const first = sequenceText(sequences[0]);
  const last = sequenceText(sequences[sequences.length - 1]);
  if (first === undefined || last === undefined) return undefined;
  const enqueued = triggerMetadata['enqueuedTimeUtcArray'];
  const firstEnqueuedDate = Array.isArray(enqueued) ? enqueuedDate(enqueued[0]) : undefined;
  return {
    partitionId,
    firstSequenceNumber: first,
    lastSequenceNumber: last,
    ...(firstEnqueuedDate ? { firstEnqueuedDate } : {}),
  };
}
