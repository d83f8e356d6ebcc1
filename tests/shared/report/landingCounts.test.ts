import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsLandingStore } from '../../../shared/landing/FsLandingStore.js';
import { countLanding, landedGymLogins } from '../../../shared/report/landingCounts.js';

let root: string;

async function put(rel: string, content: string | Buffer): Promise<void> {
  const file = path.join(root, ...rel.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

const lines = (...records: object[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pulselake-report-landing-'));
  const bpm = { device_id: 1, time: 1741600000, heartrate: 80 };
  await put('bpm/ingest_date=2025-03-10/http-a.ndjson', lines(bpm, bpm, bpm));
  await put('bpm/ingest_date=2025-03-11/eh-p0-1-2.ndjson.gz', gzipSync(lines(bpm, bpm)));
  await put('bpm/ingest_date=2025-03-11/.http-tmp.ndjson', lines(bpm)); // a write in progress
  await put(
    'quarantine/bpm/ingest_date=2025-03-10/http-b.ndjson',
    lines({ feed: 'bpm', index: 0, errors: [], raw: {} }),
  );
  const login = { mac_address: 'aa:bb:cc:dd:ee:ff', gym: 1, login: Date.UTC(2025, 2, 10, 7, 30) / 1000 };
  await put(
    'gym_visit/ingest_date=2025-03-10/http-c.ndjson',
    lines(login, { ...login, logout: login.login + 3600 }, { ...login, gym: 2, login: login.login + 36_000 }),
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('countLanding', () => {
  it('counts landed (plain and gzip) and quarantined records per feed, ignoring temporary files', async () => {
    const counts = await countLanding(new FsLandingStore(root));
    expect(counts.find((c) => c.feed === 'bpm')).toEqual({ feed: 'bpm', landed: 5, quarantined: 1 });
    expect(counts.find((c) => c.feed === 'gym_visit')).toEqual({ feed: 'gym_visit', landed: 3, quarantined: 0 });
    expect(counts.find((c) => c.feed === 'profile')).toEqual({ feed: 'profile', landed: 0, quarantined: 0 });
    expect(counts.map((c) => c.feed).sort()).toEqual(['bpm', 'gym_visit', 'profile', 'registration', 'workout']);
  });

  it('lists each kiosk login once (entry and exit records are the same visit)', async () => {
    const logins = await landedGymLogins(new FsLandingStore(root));
    expect(logins.sort()).toEqual([Date.UTC(2025, 2, 10, 7, 30) / 1000, Date.UTC(2025, 2, 10, 17, 30) / 1000]);
  });
});
