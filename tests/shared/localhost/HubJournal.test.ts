/**
 * The in-process Event Hub with its journal: events are on disk before publish resolves, a new
 * hub on the same folder replays what had not landed, and a batch interrupted after it landed
 * is redelivered with the same boundaries (same landing name: it lands once).
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventHubHandler } from '@azure/functions';
import { HubJournal } from '../../../shared/localhost/HubJournal.js';
import { InProcessEventHub } from '../../../shared/localhost/InProcessEventHub.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'pulselake-journal-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const reading = (i: number): { device_id: number; time: number; heartrate: number } => ({
  device_id: 5,
  time: 1678521600 + i,
  heartrate: 70,
});

/** Records each invocation's batch as `first-last` sequence numbers and the bodies. */
function recorder(behaviour: 'land' | 'hang' = 'land'): {
  handler: EventHubHandler;
  batches: string[];
  bodies: unknown[];
} {
  const batches: string[] = [];
  const bodies: unknown[] = [];
  const handler: EventHubHandler = async (events, context) => {
    const seq = context.triggerMetadata?.['sequenceNumberArray'] as number[];
    batches.push(`${seq[0]}-${seq[seq.length - 1]}`);
    bodies.push(...(events as unknown[]));
    if (behaviour === 'hang') await new Promise(() => undefined); // the process "dies" mid-invocation
  };
  return { handler, batches, bodies };
}

const hub = (handler: EventHubHandler, firstSequenceNumber: number): InProcessEventHub =>
  new InProcessEventHub({
    handler,
    functionName: 'bpm',
    partitionCount: 1,
    batchWindowMs: 0,
    firstSequenceNumber,
    journal: new HubJournal(folder),
  });

describe('InProcessEventHub with a journal', () => {
  it('has the events on disk when publish resolves, and replays them in a new hub', async () => {
    const never = recorder('hang');
    const first = hub(never.handler, 100);
    await first.recover();
    await first.publish([reading(1), reading(2)]);
    const log = await readFile(path.join(folder, 'p0.log'), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(2);

    // "Crash": the first hub is abandoned mid-invocation; a new one starts on the same folder.
    const again = recorder();
    const second = hub(again.handler, 1_000);
    expect(await second.recover()).toBe(2);
    await second.flush();
    expect(again.batches).toEqual(['100-101']); // the interrupted batch, same boundaries
    expect(again.bodies).toEqual([reading(1), reading(2)]);
    await second.close();
    expect(await readFile(path.join(folder, 'p0.log'), 'utf8')).toBe(''); // emptied once all landed
  });

  it('redelivers an interrupted batch with its boundaries even when more events followed', async () => {
    const never = recorder('hang');
    const first = hub(never.handler, 100);
    await first.recover();
    await first.publish([reading(1), reading(2)]);
    await new Promise((r) => setTimeout(r, 50)); // batch 100-101 is in flight
    await first.publish([reading(3)]);

    const again = recorder();
    const second = hub(again.handler, 1_000);
    await second.recover();
    await second.flush();
    expect(again.batches).toEqual(['100-101', '102-102']);
    await second.close();
  });

  it('drops a torn last line (an append that never completed) and appends cleanly after it', async () => {
    const first = hub(recorder('hang').handler, 100);
    await first.recover();
    await first.publish([reading(1)]);
    await appendFile(path.join(folder, 'p0.log'), '{"body":{"device_id":5,"ti');
    const again = recorder();
    const second = hub(again.handler, 1_000);
    expect(await second.recover()).toBe(1);
    await second.publish([reading(9)]);
    await second.flush();
    expect(again.bodies).toEqual([reading(1), reading(9)]);
    await second.close();
  });
});
