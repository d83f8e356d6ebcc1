import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config/settings.js';
import { handleIngest, type IngestRequest, type IngestTarget } from '../../../shared/http/ingest.js';
import type { WorkoutRecord } from '../../../shared/feeds/generated/types.js';
import type { RejectedRecord } from '../../../shared/validation/validator.js';

const start: WorkoutRecord = { user_id: 1, workout_id: 2, session_id: 3, action: 'start', timestamp: 1678521600 };
const stop: WorkoutRecord = { ...start, action: 'stop', timestamp: 1678525200 };

function request(
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  method = 'POST',
): IngestRequest {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method,
    headers: { get: (name) => lower.get(name.toLowerCase()) ?? null },
    body: (async function* () {
      yield new TextEncoder().encode(body);
    })(),
  };
}

/** Records what the core stores, in order, and can be told to fail. */
function target(fail?: 'accept' | 'quarantine', error: Error = new Error('disk gone')) {
  const calls: string[] = [];
  const stored = { accepted: [] as WorkoutRecord[], rejected: [] as RejectedRecord[] };
  const t: IngestTarget<'workout'> = {
    feed: 'workout',
    maxBodyBytes: 1024,
    async accept(records) {
      calls.push('accept');
      if (fail === 'accept') throw error;
      stored.accepted.push(...records);
    },
    async quarantine(rejected) {
      calls.push('quarantine');
      if (fail === 'quarantine') throw error;
      stored.rejected.push(...rejected);
    },
  };
  return { t, calls, stored };
}

describe('handleIngest', () => {
  it('accepts one record: 202, stored', async () => {
    const { t, stored } = target();
    const response = await handleIngest(request(JSON.stringify(start)), t);
    expect(response).toEqual({ status: 202, jsonBody: { accepted: 1, rejected: [] } });
    expect(stored.accepted).toEqual([start]);
  });

  it('accepts the valid part of an array and lists the rejected indexes, quarantined first', async () => {
    const { t, stored, calls } = target();
    const bad = { ...start, action: 'go' };
    const response = await handleIngest(request(JSON.stringify([start, bad, stop])), t);
    expect(response.status).toBe(202);
    expect(response.jsonBody).toEqual({
      accepted: 2,
      rejected: [{ index: 1, errors: ['action: must be one of "start", "stop"'] }],
    });
    expect(calls).toEqual(['quarantine', 'accept']);
    expect(stored.rejected).toEqual([
      {
        index: 1,
        errors: ['action: must be one of "start", "stop"'],
        raw: bad,
        original: { text: JSON.stringify(bad), encoding: 'utf-8' },
      },
    ]);
  });

  it('answers 400 with the same shape when nothing is valid', async () => {
    const { t, stored } = target();
    const response = await handleIngest(request(JSON.stringify({ user_id: 1 })), t);
    expect(response.status).toBe(400);
    expect(response.jsonBody).toMatchObject({ accepted: 0, rejected: [{ index: 0 }] });
    expect(stored.rejected).toHaveLength(1);
  });

  it('answers 400 "body is not valid JSON: <parser message>" for malformed JSON and stores nothing', async () => {
    const { t, calls } = target();
    const response = await handleIngest(request('[{"user_id": 1,'), t);
    expect(response.status).toBe(400);
    expect(response.jsonBody).toEqual({ error: expect.stringMatching(/^body is not valid JSON: \S/) });
    expect(calls).toEqual([]);
  });

  it('answers 400 saying the array is empty for [] and stores nothing', async () => {
    const { t, calls } = target();
    const response = await handleIngest(request('[]'), t);
    expect(response).toEqual({ status: 400, jsonBody: { error: expect.stringMatching(/empty array/) } });
    expect(calls).toEqual([]);
  });

  it('answers 415 for a non-JSON content type', async () => {
    const { t } = target();
    expect((await handleIngest(request('{}', { 'content-type': 'text/plain' }), t)).status).toBe(415);
    expect((await handleIngest(request('{}', {}), t)).status).toBe(415);
  });

  it('answers 413 on a declared Content-Length over the limit without reading the body', async () => {
    const { t } = target();
    let read = false;
    const req: IngestRequest = {
      ...request('[]', { 'content-type': 'application/json', 'content-length': '1025' }),
      body: (async function* () {
        read = true;
        yield new Uint8Array(1);
      })(),
    };
    expect((await handleIngest(req, t)).status).toBe(413);
    expect(read).toBe(false);
  });

  it('answers 413 when the actual bytes exceed the limit', async () => {
    const { t, calls } = target();
    const big = JSON.stringify(Array.from({ length: 40 }, () => start)); // > 1024 bytes
    expect((await handleIngest(request(big), t)).status).toBe(413);
    expect(calls).toEqual([]);
  });

  it('answers 413 above the record limit', async () => {
    const { t } = target();
    const response = await handleIngest(request(JSON.stringify([start, stop, start])), { ...t, maxRecords: 2 });
    expect(response).toEqual({ status: 413, jsonBody: { error: 'at most 2 records per request, got 3' } });
  });

  it('answers 405 to anything but POST', async () => {
    const { t } = target();
    expect(await handleIngest(request('{}', { 'content-type': 'application/json' }, 'GET'), t)).toMatchObject({
      status: 405,
      headers: { Allow: 'POST' },
    });
  });

  it.each(['accept', 'quarantine'] as const)('answers 503 and acknowledges nothing when %s fails', async (fail) => {
    const { t } = target(fail);
    const response = await handleIngest(request(JSON.stringify([start, { user_id: 1 }])), t);
    expect(response.status).toBe(503);
    expect(response.jsonBody).toEqual({ error: expect.stringMatching(/nothing was accepted/) });
    expect(response.headers).toEqual({ 'Retry-After': '5' });
  });

  it('answers 500 when the server is misconfigured', async () => {
    const { t } = target('accept', new ConfigError('PULSELAKE_STORAGE', 'bad'));
    expect((await handleIngest(request(JSON.stringify(start)), t)).status).toBe(500);
  });

  it('answers 503 with Retry-After once the storage deadline passes, however many calls are pending', async () => {
    const { t } = target();
    const hung = { ...t, deadlineMs: 50, quarantine: () => new Promise<never>(() => undefined) };
    const started = performance.now();
    const response = await handleIngest(request(JSON.stringify([start, { bad: 1 }])), hung);
    expect(response).toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
