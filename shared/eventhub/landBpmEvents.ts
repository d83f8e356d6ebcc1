/**
 * Core of the BPM Event Hubs trigger (cardinality `many`): validate each event, land the valid
 * readings as ONE file named after the partition and sequence range (`eh-p<partition>-<first>-<last>-<hash>`),
 * quarantine the rest under the same name, and throw when either write fails so that the
 * invocation fails and the host's retry policy redelivers the batch. Nothing else throws: a
 * poison event (bad bytes, bad JSON, hostile nesting, anything validation refuses) is
 * quarantined, never retried, so one bad event cannot stall its partition.
 */
import type { LandedBatch, LandingWriter } from '../landing/writer.js';
import { NdjsonBuffer } from '../landing/ndjsonBuffer.js';
import { validateRecord, type RejectedRecord } from '../validation/validator.js';
import { decodeEventBody } from './decodeEventBody.js';
import { bodyTexts } from './bodyTexts.js';
import { eventsDigest } from './eventsDigest.js';
import { readPartitionBatch } from './triggerMetadata.js';

export interface BpmEventsOutcome {
  source: string;
  batchId: string | undefined;
  accepted: number;
  rejected: number;
  landed: LandedBatch | undefined;
  quarantined: LandedBatch | undefined;
}

export interface BpmEventsLog {
  warn(...args: unknown[]): void;
}

/**
 * Decodes and validates each event: accepted readings are serialised as they pass into one NDJSON
 * buffer (the bytes landBatch would write for them, without an array of records and a string of
 * the whole batch), rejected events keep their index, reasons and original text.
 */
export function splitBpmEvents(
  events: readonly unknown[],
  texts?: readonly string[],
): { accepted: NdjsonBuffer; rejected: RejectedRecord[] } {
  const accepted = new NdjsonBuffer();
  const rejected: RejectedRecord[] = [];
  events.forEach((body, index) => {
    try {
      const decoded = decodeEventBody(body);
      if (!decoded.ok) {
        rejected.push({
          index,
          errors: [decoded.error],
          raw: null,
          original: { text: decoded.raw, encoding: decoded.encoding },
        });
        return;
      }
      const result = validateRecord('bpm', decoded.value);
      // `texts[index]` is JSON.stringify(body) (bodyTexts); a normalised record is a new object.
      if (result.ok)
        accepted.append(texts && result.record === body ? (texts[index] as string) : JSON.stringify(result.record));
      else
        rejected.push({
          index,
          errors: result.errors,
          raw: decoded.value,
          ...(decoded.text !== undefined ? { original: { text: decoded.text, encoding: 'utf-8' as const } } : {}),
        });
    } catch (error) {
      // Defence in depth: whatever an event does to the decoder or validator quarantines that event only.
      rejected.push({ index, errors: [`(record): could not be checked: ${(error as Error).message}`], raw: null });
    }
  });
  return { accepted, rejected };
}

export async function landBpmEvents(
  events: unknown,
  triggerMetadata: Record<string, unknown> | undefined,
  writer: LandingWriter,
  log?: BpmEventsLog,
): Promise<BpmEventsOutcome> {
  // cardinality 'many' always passes an array; a single event is tolerated, not assumed.
  const list = Array.isArray(events) ? events : [events];
  // The in-process hub's bodies come with their JSON text: not serialised again below.
  const texts = bodyTexts(list);
  const batch = readPartitionBatch(triggerMetadata, list.length);
  let source = 'eh';
  let batchId: string | undefined;
  if (batch) {
    source = `eh-p${batch.partitionId}`;
    // The short content hash keeps a redelivered batch on the same name (idempotent) while a
    // recreated hub whose sequence numbers restart can never collide with an earlier file.
    batchId = `${batch.firstSequenceNumber}-${batch.lastSequenceNumber}-${eventsDigest(list, texts)}`;
  } else if (list.length > 0) {
    // Without partition/sequence metadata the content hash still makes a redelivery land once.
    log?.warn('BPM batch without usable partitionContext/sequenceNumberArray; naming files by content hash');
  }
  const { accepted, rejected } = splitBpmEvents(list, texts);
  const date = batch?.firstEnqueuedDate ? { date: batch.firstEnqueuedDate } : {};
  const [landed, quarantined] = await Promise.all([
    writer.landNdjson('bpm', accepted.bytes(), accepted.count, source, batchId, date),
    writer.quarantine('bpm', rejected, source, batchId, date),
  ]);
  return { source, batchId, accepted: accepted.count, rejected: rejected.length, landed, quarantined };
}
