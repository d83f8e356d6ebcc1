/**
 * The Jobs API client and the debounced trigger against a local HTTP server that plays the
 * Databricks Jobs API and records every request: auth header, idempotency token per window,
 * 429 retried after Retry-After, no request while a run is active, and landing detection on
 * a real filesystem landing store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DebouncedJobTrigger,
  idempotencyToken,
  type LandingChanges,
} from '../../../shared/jobs/DebouncedJobTrigger.js';
import { JobsApiClient, JobsApiError, parseRetryAfter } from '../../../shared/jobs/JobsApiClient.js';
import { LandingStoreChanges } from '../../../shared/jobs/LandingChanges.js';
import { FsLandingStore } from '../../../shared/landing/FsLandingStore.js';

interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown> | undefined;
}

type Reply = { status: number; headers?: Record<string, string>; body: unknown };

/** A stand-in for the Jobs API: run-now starts one run per idempotency token, like Databricks. */
class FakeJobsApi {
  readonly requests: Recorded[] = [];
  readonly scripted: Reply[] = [];
  activeRuns: number[] = [];
  readonly runsByToken = new Map<string, number>();
  private server?: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
        this.requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          authorization: req.headers.authorization,
          body,
        });
        const reply = this.scripted.shift() ?? this.answer(req.method ?? '', req.url ?? '', body);
        res
          .writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers })
          .end(JSON.stringify(reply.body));
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  runNowRequests(): Recorded[] {
    return this.requests.filter((r) => r.method === 'POST' && r.url === '/api/2.1/jobs/run-now');
  }

  private answer(method: string, url: string, body: Record<string, unknown> | undefined): Reply {
    if (method === 'POST' && url === '/api/2.1/jobs/run-now') {
      const token = String(body?.idempotency_token);
      const runId = this.runsByToken.get(token) ?? 1000 + this.runsByToken.size;
      this.runsByToken.set(token, runId);
      return { status: 200, body: { run_id: runId, number_in_job: runId } };
    }
    if (method === 'GET' && url.startsWith('/api/2.1/jobs/runs/list?')) {
      return { status: 200, body: { runs: this.activeRuns.map((id) => ({ run_id: id })), has_more: false } };
    }
    return { status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND' } };
  }
}

let api: FakeJobsApi;
let baseUrl: string;
let sleeps: number[];

beforeAll(async () => {
  api = new FakeJobsApi();
  baseUrl = await api.start();
});

afterAll(async () => {
  await api.stop();
});

beforeEach(() => {
  api.requests.length = 0;
  api.scripted.length = 0;
  api.activeRuns = [];
  api.runsByToken.clear();
  sleeps = [];
});

function client(token = 'entra-token'): JobsApiClient {
  return new JobsApiClient({
    baseUrl,
    getToken: async () => token,
    // Waits are recorded, not slept: the test checks the delay asked for, not the clock.
    retry: {
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 2000,
      random: () => 0.5,
      sleep: async (ms) => void sleeps.push(ms),
    },
  });
}

/** Landing changes that always report `n` new files and count commits. */
function changes(n: number): LandingChanges & { commits: number } {
  const state = {
    commits: 0,
    poll: async () => ({ newFiles: n, commit: () => void (state.commits += 1) }),
  };
  return state;
}

const WINDOW = 60_000;
const T0 = Date.UTC(2024, 2, 11, 8, 0, 5); // 5 s into a window

describe('JobsApiClient', () => {
  it('sends the bearer token and the idempotency token to run-now', async () => {
    const { runId } = await client('entra-token').runNow(42, 'pulselake-42-1710144000');
    expect(runId).toBe(1000);
    expect(api.requests).toEqual([
      {
        method: 'POST',
        url: '/api/2.1/jobs/run-now',
        authorization: 'Bearer entra-token',
        body: { job_id: 42, idempotency_token: 'pulselake-42-1710144000' },
      },
    ]);
  });

  it('retries a 429 and waits at least what Retry-After asks', async () => {
    api.scripted.push({ status: 429, headers: { 'Retry-After': '3' }, body: { error_code: 'REQUEST_LIMIT_EXCEEDED' } });
    const { runId } = await client().runNow(42, 'pulselake-42-1');
    expect(runId).toBe(1000);
    expect(api.runNowRequests()).toHaveLength(2);
    expect(api.runNowRequests()[1]?.body).toEqual(api.runNowRequests()[0]?.body);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(3000);
  });

  it('retries 503 with backoff but gives up on a 400 at once', async () => {
    api.scripted.push({ status: 503, body: { error_code: 'TEMPORARILY_UNAVAILABLE' } });
    await client().activeRunIds(42);
    expect(api.requests).toHaveLength(2);

    api.requests.length = 0;
    api.scripted.push({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Job 42 does not exist.' },
    });
    const error = await client()
      .runNow(42, 'x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobsApiError);
    expect((error as JobsApiError).status).toBe(400);
    expect(api.requests).toHaveLength(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('Mon, 11 Mar 2024 08:00:10 GMT', Date.UTC(2024, 2, 11, 8, 0, 4))).toBe(6000);
  });
});

describe('DebouncedJobTrigger', () => {
  it('keeps the idempotency token stable within a window and changes it in the next', () => {
    const start = Date.UTC(2024, 2, 11, 8, 0, 0);
    expect(idempotencyToken(7, start, WINDOW)).toBe(idempotencyToken(7, start + 59_999, WINDOW));
    expect(idempotencyToken(7, start + 60_000, WINDOW)).not.toBe(idempotencyToken(7, start, WINDOW));
    expect(idempotencyToken(7, start, WINDOW)).toBe(`pulselake-7-${start / 1000}`);
  });

  it('starts one run per window however many instances tick in it', async () => {
    let now = T0;
    const make = () =>
      new DebouncedJobTrigger({ client: client(), jobId: 42, windowMs: WINDOW, changes: changes(3), now: () => now });
    const a = await make().tick();
    now = T0 + 20_000;
    const b = await make().tick();
    now = T0 + 60_000;
    const c = await make().tick();

    const tokens = api.runNowRequests().map((r) => r.body?.idempotency_token);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[0]);
    expect(api.runNowRequests().every((r) => r.authorization === 'Bearer entra-token')).toBe(true);
    // Databricks (here: the fake) returns the same run for the same token.
    expect([a, b, c].map((t) => (t.outcome === 'triggered' ? t.runId : undefined))).toEqual([1000, 1000, 1001]);
  });

  it('does nothing when no file landed', async () => {
    const outcome = await new DebouncedJobTrigger({
      client: client(),
      jobId: 42,
      windowMs: WINDOW,
      changes: changes(0),
    }).tick();
    expect(outcome.outcome).toBe('idle');
    expect(api.requests).toEqual([]);
  });

  it('does not start an overlapping run and keeps the files pending', async () => {
    api.activeRuns = [77];
    const pending = changes(5);
    const trigger = new DebouncedJobTrigger({
      client: client(),
      jobId: 42,
      windowMs: WINDOW,
      changes: pending,
      now: () => T0,
    });
    expect(await trigger.tick()).toEqual({ outcome: 'busy', activeRuns: [77], newFiles: 5 });
    expect(api.runNowRequests()).toEqual([]);
    expect(pending.commits).toBe(0);

    api.activeRuns = [];
    expect((await trigger.tick()).outcome).toBe('triggered');
    expect(pending.commits).toBe(1);
  });
});

describe('LandingStoreChanges', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'pulselake-landing-changes-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('counts files landed since the last commit, today and yesterday', async () => {
    const store = new FsLandingStore(root);
    const changesOf = new LandingStoreChanges(store, () => new Date('2024-03-11T00:00:30Z'));
    expect((await changesOf.poll()).newFiles).toBe(0);

    await store.putIfAbsent('bpm/ingest_date=2024-03-10/http-a.ndjson', Buffer.from('{}\n'));
    await store.putIfAbsent('workout/ingest_date=2024-03-11/http-b.ndjson', Buffer.from('{}\n'));
    await store.putIfAbsent('quarantine/bpm/ingest_date=2024-03-11/http-c.ndjson', Buffer.from('{}\n'));
    const first = await changesOf.poll();
    expect(first.newFiles).toBe(2);
    first.commit();
    expect((await changesOf.poll()).newFiles).toBe(0);

    await store.putIfAbsent('gym_visit/ingest_date=2024-03-11/http-d.ndjson', Buffer.from('{}\n'));
    expect((await changesOf.poll()).newFiles).toBe(1);
  });
});
