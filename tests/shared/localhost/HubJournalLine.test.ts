import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventHubHandler } from '@azure/functions';
import { bodyTexts } from '../../../shared/eventhub/bodyTexts.js';
import { HubJournal, journalLine, journalLines } from '../../../shared/localhost/HubJournal.js';
import { InProcessEventHub } from '../../../shared/localhost/InProcessEventHub.js';

const event = {
  body: { device_id: 7, time: 1678521600.5, heartrate: null, note: 'é"\\' },
  partitionKey: '7',
  sequenceNumber: 12,
  offset: '340',
  enqueuedTimeUtc: '2026-03-01T10:00:00.000Z',
};

describe('journalLine', () => {
  it('is JSON.stringify of the five fields, with or without the kept body text, and never writes the text', () => {
    const expected = JSON.stringify(event);
    expect(journalLine(event)).toBe(expected);
    expect(journalLine({ ...event, text: JSON.stringify(event.body) })).toBe(expected);
    expect(JSON.parse(journalLine({ ...event, text: JSON.stringify(event.body) }))).toEqual(event);
  });

  it('writes the kept text as the body (it is not serialised again)', () => {
    expect(journalLine({ ...event, text: '{"kept":1}' })).toBe(JSON.stringify({ ...event, body: { kept: 1 } }));
  });
});

describe('journalLines', () => {
  it('is one JSON.stringify line per event, also when the enqueued time changes within the batch', () => {
    const later = { ...event, sequenceNumber: 13, enqueuedTimeUtc: '2026-03-01T10:00:01.000Z' };
    const withText = <T extends typeof event>(e: T) => ({ ...e, text: JSON.stringify(e.body) });
    const events = [
      withText(event),
      { ...event, sequenceNumber: 12.5 },
      withText(later),
      { ...later, text: '{"kept":2}' },
    ];
    expect(journalLines(events)).toBe(
      [event, { ...event, sequenceNumber: 12.5 }, later, { ...later, body: { kept: 2 } }]
        .map((e) => JSON.stringify(e) + '\n')
        .join(''),
    );
  });
});

describe('InProcessEventHub with a journal: body texts', () => {
  it('journals the usual lines and hands the trigger each body with its text; a replay has none', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'pulselake-journal-line-'));
    try {
      const seen: { bodies: unknown[]; texts: readonly string[] | undefined }[] = [];
      let hang = true;
      const handler: EventHubHandler = async (events) => {
        seen.push({ bodies: events as unknown[], texts: bodyTexts(events as unknown[]) });
        if (hang) await new Promise(() => undefined);
      };
      const options = { handler, functionName: 'bpm', partitionCount: 1, batchWindowMs: 0, firstSequenceNumber: 100 };
      const first = new InProcessEventHub({ ...options, journal: new HubJournal(folder) });
      await first.recover();
      const readings = [
        { device_id: 5, time: 1678521600.25, heartrate: 70 },
        { device_id: 5, time: 1678521601, heartrate: null },
      ];
      await first.publish(readings);
      const lines = (await readFile(path.join(folder, 'p0.log'), 'utf8')).trim().split('\n');
      expect(lines.map((l) => JSON.parse(l))).toEqual(
        readings.map((body, i) => ({
          body,
          partitionKey: '5',
          sequenceNumber: 100 + i,
          offset: String(i === 0 ? 0 : JSON.stringify(readings[0]).length),
          enqueuedTimeUtc: expect.any(String),
        })),
      );
      expect(lines.every((l) => !l.includes('"text"'))).toBe(true);
      for (let i = 0; i < 100 && seen.length === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
      expect(seen[0]?.texts).toEqual(readings.map((r) => JSON.stringify(r)));
      expect(seen[0]?.bodies).toEqual(readings);
      expect(seen[0]?.bodies[0]).not.toBe(readings[0]);

      hang = false;
      const second = new InProcessEventHub({ ...options, journal: new HubJournal(folder) });
      expect(await second.recover()).toBe(2);
      await second.flush();
      expect(seen[1]?.bodies).toEqual(readings);
      expect(seen[1]?.texts).toBeUndefined();
      await second.close();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
