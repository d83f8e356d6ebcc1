/**
 * The local Event Hub's durability: every event is appended to its partition's journal file and
 * fsynced before the publisher is answered (so `/api/bpm`'s 202 means "on disk", as it means
 * "in Event Hubs" in Azure), and each partition's checkpoint records, before each invocation, the
 * batch being delivered and the last sequence number already landed. On start the hub replays
 * what the checkpoint has not passed, redelivering an interrupted batch with the same
 * boundaries first, so it lands under the same file name ('exists' when it had landed): every
 * acknowledged reading lands exactly once across a crash.
 *
 * Layout under the journal folder: `p<partition>.log` (one JSON event per line) and
 * `p<partition>.checkpoint` (JSON, replaced atomically). A partition's log is emptied once the
 * checkpoint has passed all of it (on start after replay, and on close).
 */
import { mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface JournalEvent {
  body: unknown;
  partitionKey: string;
  sequenceNumber: number;
  offset: string;
  enqueuedTimeUtc: string;
  /**
   * `JSON.stringify` of a published body, which the hub keeps instead of the body (then undefined) and parses
   * into a fresh copy at each delivery. Reused for the journal line, never written as a field: a recovered
   * event has its body and no text.
   */
  text?: string;
}

/**
 * The journal line of an event: JSON of its five fields (in this order), the body's text reused when known.
 * `enqueuedJson` is `JSON.stringify(enqueuedTimeUtc)`, passed in by `journalLines` (a batch shares one time).
 */
export function journalLine(event: JournalEvent, enqueuedJson = JSON.stringify(event.enqueuedTimeUtc)): string {
  const { body, partitionKey, sequenceNumber, offset, enqueuedTimeUtc, text } = event;
  if (text === undefined) return JSON.stringify({ body, partitionKey, sequenceNumber, offset, enqueuedTimeUtc });
  // A sequence number is a safe integer, whose JSON is its decimal text.
  return (
    `{"body":${text},"partitionKey":${JSON.stringify(partitionKey)},"sequenceNumber":${String(sequenceNumber)},` +
    `"offset":${JSON.stringify(offset)},"enqueuedTimeUtc":${enqueuedJson}}`
  );
}

/** The lines of a batch, each ending in a newline; the enqueued time is serialised once per distinct value
 *  (the events of one publish share it). Half the time of one `journalLine` call per event, measured. */
export function journalLines(events: readonly JournalEvent[]): string {
  let text = '';
  let time: string | undefined;
  let timeJson = '';
  for (const event of events) {
    if (event.enqueuedTimeUtc !== time) {
      time = event.enqueuedTimeUtc;
      timeJson = JSON.stringify(time);
    }
    text += journalLine(event, timeJson) + '\n';
  }
  return text;
}

export interface PartitionCheckpoint {
  /** Highest sequence number whose batch landed (-1: none). */
  landedThrough: number;
  /** Next sequence number to assign (survives an emptied log). */
  nextSequenceNumber: number;
  /** The batch handed to the trigger and not yet known to have landed. */
  inflight?: { first: number; last: number };
}

export interface RecoveredPartition {
  partitionId: string;
  checkpoint: PartitionCheckpoint | undefined;
  /** Journal events the checkpoint has not passed, in sequence order. */
  pending: JournalEvent[];
  /** One past the highest sequence number in the log or checkpoint (undefined: nothing known). */
  nextSequenceNumber: number | undefined;
}

interface PendingAppend {
  text: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** One partition's append-only log with group commit: concurrent appends share one write + fsync. */
class PartitionLog {
  private handle: FileHandle | undefined;
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;

  constructor(readonly file: string) {}

  append(events: readonly JournalEvent[]): Promise<void> {
    const text = journalLines(events);
    return new Promise((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      try {
        this.handle ??= await open(this.file, 'a');
        await this.handle.write(group.map((p) => p.text).join(''));
        await this.handle.datasync();
        for (const p of group) p.resolve();
      } catch (error) {
        for (const p of group) p.reject(error as Error);
      }
    }
  }

  /** Empties the log (everything in it has landed). */
  async truncate(): Promise<void> {
    await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
    await writeFile(this.file, '');
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
  }
}

export class HubJournal {
  private readonly logs = new Map<string, PartitionLog>();

  constructor(readonly folder: string) {}

  private log(partitionId: string): PartitionLog {
    let log = this.logs.get(partitionId);
    if (!log) this.logs.set(partitionId, (log = new PartitionLog(path.join(this.folder, `p${partitionId}.log`))));
    return log;
  }

  private checkpointFile(partitionId: string): string {
    return path.join(this.folder, `p${partitionId}.checkpoint`);
  }

  /** Reads what a previous run left: per partition, the events not landed yet. */
  async recover(partitionCount: number): Promise<RecoveredPartition[]> {
    await mkdir(this.folder, { recursive: true });
    const out: RecoveredPartition[] = [];
    for (let p = 0; p < partitionCount; p += 1) {
      const partitionId = String(p);
      const checkpoint = await this.readCheckpoint(partitionId);
      const events = await this.readLog(partitionId);
      const landedThrough = checkpoint?.landedThrough ?? -1;
      const lastInLog = events.length > 0 ? (events[events.length - 1] as JournalEvent).sequenceNumber + 1 : undefined;
      const next = Math.max(lastInLog ?? -1, checkpoint?.nextSequenceNumber ?? -1);
      out.push({
        partitionId,
        checkpoint,
        pending: events.filter((e) => e.sequenceNumber > landedThrough),
        nextSequenceNumber: next >= 0 ? next : undefined,
      });
    }
    return out;
  }

  private async readCheckpoint(partitionId: string): Promise<PartitionCheckpoint | undefined> {
    try {
      return JSON.parse(await readFile(this.checkpointFile(partitionId), 'utf8')) as PartitionCheckpoint;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** The log's complete lines (a line torn by a crash mid-write was never acknowledged: dropped). */
  private async readLog(partitionId: string): Promise<JournalEvent[]> {
    let text: string;
    try {
      text = await readFile(path.join(this.folder, `p${partitionId}.log`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const complete = text.lastIndexOf('\n') + 1;
    if (complete < text.length) {
      // A torn last line (crash mid-append, never acknowledged): cut it so later appends start clean.
      await writeFile(path.join(this.folder, `p${partitionId}.log`), text.slice(0, complete));
      text = text.slice(0, complete);
    }
    const events: JournalEvent[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        events.push(JSON.parse(line) as JournalEvent);
      } catch {
        // A torn last line: its append never completed, so its publisher got no 202.
      }
    }
    return events;
  }

  /** Appends events (already numbered) and resolves once they are on disk (fsync). */
  append(partitionId: string, events: readonly JournalEvent[]): Promise<void> {
    return this.log(partitionId).append(events);
  }

  /** Replaces a partition's checkpoint atomically (temp file, fsync, rename). */
  async writeCheckpoint(partitionId: string, checkpoint: PartitionCheckpoint): Promise<void> {
    const file = this.checkpointFile(partitionId);
    const temp = `${file}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify(checkpoint));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  }

  /** Empties a partition's log once its checkpoint has passed every event in it. */
  truncate(partitionId: string): Promise<void> {
    return this.log(partitionId).truncate();
  }

  async close(): Promise<void> {
    await Promise.all([...this.logs.values()].map((log) => log.close()));
  }
}
