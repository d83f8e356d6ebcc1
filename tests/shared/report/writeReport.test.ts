import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsLandingStore } from '../../../shared/landing/FsLandingStore.js';
import { reportPath, writeReport } from '../../../shared/report/writeReport.js';

let home: string;
let exportDir: string;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'pulselake-report-home-'));
  exportDir = path.join(home, 'export');
  await mkdir(exportDir);
  const workout = {
    workout_id: 1,
    session_id: 1,
    user_id: 9,
    age: '35-45',
    gender: 'F',
    city: 'Boston',
    state: 'MA',
    min_bpm: 61.5,
    avg_bpm: 120.25,
    max_bpm: 170,
    num_recordings: 1800,
  };
  const visit = {
    date: '2025-03-10',
    gym: 2,
    mac_address: 'aa:bb:cc:dd:ee:ff',
    workout_id: 1,
    session_id: 1,
    minutes_in_gym: 40,
    minutes_exercising: 30,
  };
  await writeFile(path.join(exportDir, 'workout_bpm_summary.jsonl'), JSON.stringify(workout) + '\n');
  await writeFile(path.join(exportDir, 'gym_summary.jsonl'), JSON.stringify(visit) + '\n\n');
  await mkdir(path.join(home, 'landing', 'workout', 'ingest_date=2025-03-10'), { recursive: true });
  await writeFile(
    path.join(home, 'landing', 'workout', 'ingest_date=2025-03-10', 'http-x.ndjson'),
    '{"user_id":9,"workout_id":1,"session_id":1,"action":"start","timestamp":1741600000}\n',
  );
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes $PULSELAKE_HOME/report/index.html from an export folder and the landing zone, leaving no temp file', async () => {
    const { path: written, model } = await writeReport({
      home,
      landing: new FsLandingStore(path.join(home, 'landing')),
      goldExportDir: exportDir,
      now: new Date('2025-03-11T00:00:00Z'),
    });
    expect(written).toBe(path.join(home, 'report', 'index.html'));
    expect(reportPath(home)).toBe(written);
    expect(model.totals).toEqual({ workouts: 1, users: 1, gymVisits: 1, readings: 1800 });
    expect(model.dataQuality.find((q) => q.feed === 'workout')).toEqual({ feed: 'workout', landed: 1, quarantined: 0 });
    const html = await readFile(written, 'utf8');
    expect(html).toContain('Boston, MA');
    expect(html).toContain('2025-03-11T00:00:00.000Z');
    expect(await readdir(path.join(home, 'report'))).toEqual(['index.html']);
  });

  it('names the file and line of a malformed export', async () => {
    await writeFile(path.join(exportDir, 'gym_summary.jsonl'), '{"date": "2025-03-10"\n');
    await expect(
      writeReport({ home, landing: new FsLandingStore(path.join(home, 'landing')), goldExportDir: exportDir }),
    ).rejects.toThrow(/gym_summary\.jsonl:1: not JSON/);
  });
});
