import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDataSet } from '../../../shared/integration/courseRecords.js';
import {
  sendAll,
  SEND_ORDER,
  toBatches,
  waitForGold,
  type GoldReader,
} from '../../../shared/integration/integrationTest.js';
import { parseIntegrationArgs, runIntegrationTest } from '../../../shared/integration/main.js';
import { startLocalHost, type LocalHost } from '../../../shared/localhost/LocalHost.js';
import type { GoldTables } from '../../../shared/report/goldTables.js';
import type { Batch } from '../../../shared/simulator/delivery.js';
import { HttpBatchSender, type BatchSender } from '../../../shared/simulator/senders.js';
import { writeDataSet } from './dataSet.js';

const GOLD: GoldTables = {
  workoutBpmSummary: [
    {
      workout_id: 1,
      session_id: 1,
      user_id: 12474,
      age: null,
      gender: null,
      city: null,
      state: null,
      min_bpm: 61,
      avg_bpm: 65.5,
      max_bpm: 70,
      num_recordings: 10,
    },
  ],
  gymSummary: [],
};

/** Gold as a sequence of answers: an Error is thrown (table missing), anything else returned. */
function scriptedReader(answers: (GoldTables | Error)[]): GoldReader & { reads: number; closed: boolean } {
  return {
    reads: 0,
    closed: false,
    async read() {
      const answer = answers[Math.min(this.reads++, answers.length - 1)] as GoldTables | Error;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    async close() {
      this.closed = true;
    },
  };
}

function fakeClock(): { sleep: (ms: number) => Promise<void>; now: () => number } {
  let t = 0;
  return { sleep: async (ms) => void (t += ms), now: () => t };
}

const dirs: string[] = [];
let host: LocalHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('readDataSet', () => {
  it('maps the export files onto feed records with the backfill, leaving out what validation rejects', async () => {
    const dir = await writeDataSet();
    dirs.push(dir);
    const { records, rejected } = await readDataSet([dir]);
    expect(records.registration).toEqual([
      { user_id: 12474, device_id: 118440, mac_address: '4c:c5:9f:cb:13:bd', registration_timestamp: 1678451168 },
    ]);
    expect(records.workout).toHaveLength(2);
    expect(records.bpm).toHaveLength(12);
    expect(rejected).toBe(1);
  });
});

describe('toBatches / sendAll', () => {
  it('sends every record once, feeds in order, no batch above the API limit', async () => {
    const records = { registration: [1, 2], profile: [], gym_visit: [], workout: [3], bpm: [4, 5, 6, 7, 8] };
    const batches = toBatches(records, { registration: 500, profile: 500, gym_visit: 500, workout: 500, bpm: 2 });
    expect(batches.map((b) => [b.feed, b.records])).toEqual([
      ['registration', [1, 2]],
      ['workout', [3]],
      ['bpm', [4, 5]],
      ['bpm', [6, 7]],
      ['bpm', [8]],
    ]);
    expect(SEND_ORDER.indexOf('registration')).toBeLessThan(SEND_ORDER.indexOf('bpm'));
  });

  it('fails when the deployed API rejects records of a valid data set', async () => {
    const sender: BatchSender = {
      send: async (b: Batch) => ({ accepted: b.records.length - 1, rejected: 1 }),
      close: async () => {},
    };
    await expect(sendAll(sender, [{ feed: 'workout', records: [1, 2], broken: 0 }])).rejects.toThrow(/rejected 1 of 2/);
  });

  it('against the local host stand-in: every record lands, BPM through the /api/bpm gateway and the hub', async () => {
    const dir = await writeDataSet();
    const home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-integration-home-'));
    dirs.push(dir, home);
    host = await startLocalHost({
      port: 0,
      env: { PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs' },
      log: () => undefined,
      eventHub: { batchWindowMs: 0, retry: { strategy: 'fixedDelay', maxRetryCount: -1, delayInterval: 10 } },
    });
    const { records } = await readDataSet([dir]);
    const tally = await sendAll(new HttpBatchSender(host.url), toBatches(records));
    await host.close();
    host = undefined;
    expect(tally).toEqual({ sent: 15, accepted: 15, rejected: 0 });
    const landed = async (feed: string): Promise<number> => {
      let count = 0;
      for (const day of await readdir(path.join(home, 'landing', feed)))
        for (const file of await readdir(path.join(home, 'landing', feed, day)))
          count += (await readFile(path.join(home, 'landing', feed, day, file), 'utf8')).trim().split('\n').length;
      return count;
    };
    expect([await landed('registration'), await landed('workout'), await landed('bpm')]).toEqual([1, 2, 12]);
  });
});

describe('waitForGold', () => {
  it('keeps polling while gold is missing or different, and stops when it matches', async () => {
    const reader = scriptedReader([
      new Error('TABLE_OR_VIEW_NOT_FOUND'),
      { workoutBpmSummary: [], gymSummary: [] },
      GOLD,
    ]);
    const result = await waitForGold(reader, GOLD, { timeoutMs: 600_000, pollMs: 60_000, ...fakeClock() });
    expect(result.ok).toBe(true);
    expect(reader.reads).toBe(3);
  });

  it('gives up at the timeout and reports what differs', async () => {
    const reader = scriptedReader([{ workoutBpmSummary: [], gymSummary: [] }]);
    const result = await waitForGold(reader, GOLD, { timeoutMs: 300_000, pollMs: 60_000, ...fakeClock() });
    expect(result.ok).toBe(false);
    expect(result.comparison.workoutBpmSummary.missing).toHaveLength(1);
    expect(reader.reads).toBe(6); // t = 0, 1, 2, 3, 4, 5 min; the next poll would be past the 5 min
  });
});

async function expectedDir(gold: GoldTables): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulselake-expected-'));
  dirs.push(dir);
  const lines = (rows: object[]) => rows.map((r) => JSON.stringify(r) + '\n').join('');
  await writeFile(path.join(dir, 'workout_bpm_summary.jsonl'), lines(gold.workoutBpmSummary));
  await writeFile(path.join(dir, 'gym_summary.jsonl'), lines(gold.gymSummary));
  return dir;
}

describe('runIntegrationTest', () => {
  it('exits 0 when gold matches the expected export, 1 when it does not; closes sender and reader', async () => {
    const data = await writeDataSet();
    dirs.push(data);
    const sent: Batch[] = [];
    const sender: BatchSender & { closed?: boolean } = {
      send: async (b) => (sent.push(b), { accepted: b.records.length, rejected: 0 }),
      close: async () => void (sender.closed = true),
    };
    const options = parseIntegrationArgs([
      '--data',
      data,
      '--expected',
      await expectedDir(GOLD),
      '--poll-seconds',
      '1',
    ]);
    const log: string[] = [];
    const good = scriptedReader([GOLD]);
    expect(await runIntegrationTest(options, { sender, reader: good, log: (l) => log.push(l), ...fakeClock() })).toBe(
      0,
    );
    expect(sent.reduce((n, b) => n + b.records.length, 0)).toBe(15);
    expect(sender.closed && good.closed).toBe(true);
    const bad = scriptedReader([{ workoutBpmSummary: [], gymSummary: [] }]);
    const short = { ...options, timeoutMs: 3000 };
    expect(await runIntegrationTest(short, { sender, reader: bad, log: (l) => log.push(l), ...fakeClock() })).toBe(1);
    expect(log.join('\n')).toMatch(/workoutBpmSummary: expected 1, actual 0, matched 0, missing 1/);
  });
});

describe('runIntegrationTest in phases', () => {
  it('--only send sends and reads no gold; --only verify reads gold and sends nothing', async () => {
    const data = await writeDataSet();
    dirs.push(data);
    const sent: Batch[] = [];
    const sender: BatchSender = {
      send: async (b) => (sent.push(b), { accepted: b.records.length, rejected: 0 }),
      close: async () => {},
    };
    const reader = scriptedReader([GOLD]);
    const deps = { sender, reader, log: () => undefined, ...fakeClock() };
    expect(await runIntegrationTest(parseIntegrationArgs(['--only', 'send', '--data', data]), deps)).toBe(0);
    expect([sent.length > 0, reader.reads]).toEqual([true, 0]);
    sent.length = 0;
    const verify = parseIntegrationArgs(['--only', 'verify', '--expected', await expectedDir(GOLD)]);
    expect(await runIntegrationTest(verify, deps)).toBe(0);
    expect([sent.length, reader.reads]).toEqual([0, 1]);
  });
});

describe('parseIntegrationArgs', () => {
  it('takes several --data paths and defaults to the gateway, 45 min, 60 s polls', () => {
    expect(parseIntegrationArgs(['--data', 'a', '--data', 'b', '--expected', 'e'])).toEqual({
      data: ['a', 'b'],
      expected: 'e',
      bpm: 'gateway',
      timeoutMs: 45 * 60_000,
      pollMs: 60_000,
    });
  });

  it.each([
    [['--expected', 'e'], /--data/],
    [['--data', 'a'], /--expected/],
    [['--data', 'a', '--expected', 'e', '--bpm', 'kafka'], /--bpm/],
    [['--data', 'a', '--expected', 'e', '--timeout-minutes', '0'], /positive/],
    [['--data', 'a', '--only', 'both'], /--only/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseIntegrationArgs(argv)).toThrow(message);
  });
});
