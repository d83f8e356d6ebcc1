/**
 * End to end: a small simulated population (30 users, 2 days) with a fixed seed -> the local host (HTTP routes and
 * the in-process Event Hub) -> landing -> Spark jobs -> gold, held against the simulator's ground
 * truth. The late records are sent after a first pipeline run, so the second run must fold
 * late and out-of-order data into gold in place (spec §5). The expected rows come from the
 * simulator's own reading of the contract (tools/oracle/expectedGold.ts) and, for the heart
 * rate, straight from each workout's true 1 Hz readings: nothing re-runs the pipeline's code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsLandingStore } from '../../shared/landing/FsLandingStore.js';
import { startLocalHost, type LocalHost } from '../../shared/localhost/LocalHost.js';
import { runLakehouse } from '../../shared/python/pythonEnv.js';
import type { GoldTables } from '../../shared/report/goldTables.js';
import { countLanding } from '../../shared/report/landingCounts.js';
import { exportGold } from '../../shared/report/writeReport.js';
import { compareGold } from '../../shared/simulator/compareGold.js';
import { deliver, type Tally } from '../../shared/simulator/deliver.js';
import { countRecords } from '../../shared/simulator/delivery.js';
import { DEFAULT_OPTIONS, type SimulationOptions } from '../../shared/simulator/model.js';
import { HttpBatchSender } from '../../shared/simulator/senders.js';
import { simulate, type Simulation } from '../../shared/simulator/simulation.js';
import { groundTruth, type GroundTruth } from '../../tools/oracle/groundTruth.js';

const OPTIONS: SimulationOptions = {
  ...DEFAULT_OPTIONS,
  users: 30,
  gyms: 3,
  days: 2,
  seed: 11,
  duplicateRate: 0.05,
  lateRate: 0.05,
  invalidRate: 0.002,
};

let home: string;
let host: LocalHost;
let simulation: Simulation;
let truth: GroundTruth;
let tally: Tally;
let gold: GoldTables;
const sparkLog: string[] = [];

async function pipeline(): Promise<void> {
  const code = await runLakehouse('run', [], { home, onLine: () => {}, onErrorLine: (line) => sparkLog.push(line) });
  if (code !== 0) throw new Error(`pulselake run exited with ${code}:\n${sparkLog.slice(-40).join('\n')}`);
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-e2e-'));
  const env = { ...process.env, PULSELAKE_HOME: home, PULSELAKE_STORAGE: 'fs', PULSELAKE_FUNCTION_KEY: 'e2e-key' };
  host = await startLocalHost({ port: 0, env, log: () => {}, eventHub: { batchWindowMs: 20 } });
  simulation = simulate(OPTIONS);
  truth = groundTruth(simulation);
  const sender = new HttpBatchSender(host.url, { functionKey: 'e2e-key' });
  tally = await deliver(simulation.delivery, sender, {
    betweenWaves: async () => {
      await host.hub.flush();
      await pipeline();
    },
  });
  await host.hub.flush();
  await pipeline();
  gold = await exportGold(home, { onLine: () => {}, onErrorLine: () => {} });
}, 900_000);

afterAll(async () => {
  await host?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('simulated population through the local host and the lakehouse', () => {
  it('covers the cases worth checking (else the comparison proves little)', () => {
    const { workoutBpmSummary: w, gymSummary: g } = truth.expected;
    expect(w.length).toBeGreaterThan(20);
    expect(g.length).toBeGreaterThan(10);
    expect(w.some((r) => r.age === null)).toBe(true); // a deleted profile
    expect(g.some((r) => r.workout_id === null)).toBe(true);
    expect(new Set(g.map((r) => r.date)).size).toBe(2);
    expect(simulation.users.some((u) => u.devices.length > 1)).toBe(true);
    expect(countRecords(simulation.delivery.waves[1])).toBeGreaterThan(1000);
    expect(simulation.delivery.duplicates).toBeGreaterThan(1000);
    expect(simulation.delivery.broken).toBeGreaterThan(50);
  });

  it('accepts every valid record and quarantines exactly the broken ones', async () => {
    for (const [feed, t] of Object.entries(tally)) {
      const delivered = simulation.delivery.delivered.filter((r) => r.feed === feed).length;
      expect(t.accepted, feed).toBe(delivered);
      expect(t.sent, feed).toBe(t.accepted + t.rejected);
    }
    const totalRejected = Object.values(tally).reduce((n, t) => n + t.rejected, 0);
    expect(totalRejected).toBe(simulation.delivery.broken);
    const landing = await countLanding(new FsLandingStore(path.join(home, 'landing')));
    for (const q of landing) expect(q.quarantined, q.feed).toBe(tally[q.feed].rejected);
    for (const q of landing) expect(q.landed, q.feed).toBe(tally[q.feed].accepted);
  });

  it('produces gold equal to the ground truth after the late records arrive', () => {
    const check = compareGold(gold, truth.expected);
    expect(check.workoutBpmSummary.missing).toEqual([]);
    expect(check.workoutBpmSummary.unexpected).toEqual([]);
    expect(check.workoutBpmSummary.different).toEqual([]);
    expect(check.gymSummary.missing).toEqual([]);
    expect(check.gymSummary.unexpected).toEqual([]);
    expect(check.gymSummary.different).toEqual([]);
    expect(gold.workoutBpmSummary).toHaveLength(truth.expected.workoutBpmSummary.length);
    expect(gold.gymSummary).toHaveLength(truth.expected.gymSummary.length);
  });

  it('updated gold in place when late data came in (one row per key, no appended duplicates)', () => {
    const keys = gold.workoutBpmSummary.map((r) => `${r.user_id}/${r.workout_id}/${r.session_id}`);
    expect(new Set(keys).size).toBe(keys.length);
    const visits = gold.gymSummary.map((r) =>
      JSON.stringify([r.date, r.gym, r.mac_address, r.workout_id, r.session_id]),
    );
    expect(new Set(visits).size).toBe(visits.length);
  });

  it("matches each workout's true 1 Hz readings (heart rate between start and stop, valid values only)", () => {
    const byKey = new Map(gold.workoutBpmSummary.map((r) => [`${r.user_id}/${r.workout_id}/${r.session_id}`, r]));
    let checked = 0;
    for (const w of truth.workouts) {
      if (w.stop === null || w.stop <= w.start || w.stop - w.start > 3 * 3600) continue;
      const valid = w.heartrates
        .slice(1, w.stop - w.start + 1) // start < time <= stop
        .filter((hr): hr is number => hr !== null && hr > 0 && hr < 300);
      const row = byKey.get(`${w.user_id}/${w.workout_id}/${w.session_id}`);
      if (valid.length === 0) {
        expect(row).toBeUndefined();
        continue;
      }
      expect(row, `workout ${w.user_id}/${w.workout_id}/${w.session_id}`).toBeDefined();
      expect(row?.num_recordings).toBe(valid.length);
      expect(row?.min_bpm).toBe(Math.min(...valid));
      expect(row?.max_bpm).toBe(Math.max(...valid));
      expect(row?.avg_bpm).toBeCloseTo(valid.reduce((a, b) => a + b, 0) / valid.length, 9);
      checked++;
    }
    expect(checked).toBe(gold.workoutBpmSummary.length);
  });
});
