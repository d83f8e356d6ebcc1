import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpRequest, InvocationContext } from '../../../shared/functions/azure.js';
import type { HttpHandler, HttpResponseInit } from '../../../shared/functions/azure.js';
import { bpmGatewayHttpHandler, landingHttpHandler } from '../../../shared/functions/handlers.js';
import type { FunctionServices } from '../../../shared/functions/services.js';
import { LandingWriter } from '../../../shared/landing/writer.js';
import { brokenStore, logCollector, tempLanding, testServices, type TempLanding } from './helpers.js';

const registration = {
  user_id: 7,
  device_id: 70,
  mac_address: 'AA:BB:CC:00:11:22',
  registration_timestamp: 1678451168,
};
const visit = { mac_address: 'aa:bb:cc:00:11:22', gym: 2, login: 1678521600, logout: 1678525200 };

let landing: TempLanding;
let services: ReturnType<typeof testServices>;

beforeEach(async () => {
  landing = await tempLanding();
  services = testServices(landing.writer);
});
afterEach(async () => {
  await landing.cleanup();
});

/** The handlers, bound to the test's services (or to others, for one test). */
const registrationsHttp: HttpHandler = (request, context) =>
  landingHttpHandler('registration', services)(request, context);
const workoutsHttp: HttpHandler = (request, context) => landingHttpHandler('workout', services)(request, context);
const gymVisitsHttp: HttpHandler = (request, context) => landingHttpHandler('gym_visit', services)(request, context);
const bpmGatewayHttp: HttpHandler = (request, context) => bpmGatewayHttpHandler(services)(request, context);

function use(overrides: Partial<FunctionServices>): void {
  services = testServices(overrides.landingWriter ?? landing.writer, overrides);
}

function post(route: string, body: string | Uint8Array, headers: Record<string, string> = {}): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: `http://localhost:7071/api/${route}`,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? { string: body } : { bytes: body },
  });
}

async function invoke(handler: HttpHandler, request: HttpRequest): Promise<HttpResponseInit> {
  const context = new InvocationContext({ functionName: 'test', logHandler: logCollector().logHandler });
  return (await handler(request, context)) as HttpResponseInit;
}

describe('HTTP functions (driven with HttpRequest/InvocationContext)', () => {
  it('202: one registration lands, normalised, under registration/ingest_date=<today>/http-<hash>.ndjson', async () => {
    const response = await invoke(registrationsHttp, post('registrations', JSON.stringify(registration)));
    expect(response).toMatchObject({ status: 202, jsonBody: { accepted: 1, rejected: [] } });
    const files = await landing.files();
    const today = new Date().toISOString().slice(0, 10);
    expect(Object.keys(files)).toEqual([
      expect.stringMatching(new RegExp(`^registration/ingest_date=${today}/http-[0-9a-f]{32}\\.ndjson$`)),
    ]);
    expect(Object.values(files)[0]).toEqual([{ ...registration, mac_address: 'aa:bb:cc:00:11:22' }]);
  });

  it('202 with the rejected listed: valid records land, invalid ones are quarantined with reasons and raw payload', async () => {
    const bad = { ...visit, logout: visit.login - 1 };
    const response = await invoke(gymVisitsHttp, post('gym-visits', JSON.stringify([visit, bad, 'junk'])));
    expect(response.status).toBe(202);
    expect(response.jsonBody).toEqual({
      accepted: 1,
      rejected: [
        { index: 1, errors: ['logout: must be >= login (1678521600)'] },
        { index: 2, errors: [expect.stringMatching(/must be object/)] },
      ],
    });
    const landed = await landing.files('gym_visit/');
    expect(Object.values(landed)).toEqual([[visit]]);
    const quarantined = Object.values(await landing.files('quarantine/gym_visit/'));
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toEqual([
      expect.objectContaining({
        feed: 'gym_visit',
        source: 'http',
        index: 1,
        raw: JSON.stringify(bad), // the record's original text, as sent
        raw_encoding: 'utf-8',
        errors: ['logout: must be >= login (1678521600)'],
      }),
      expect.objectContaining({ index: 2, raw: '"junk"' }),
    ]);
  });

  it('400 with the same shape when no record is valid; the record is still quarantined', async () => {
    const response = await invoke(workoutsHttp, post('workouts', JSON.stringify({ user_id: 1, action: 'go' })));
    expect(response.status).toBe(400);
    expect(response.jsonBody).toMatchObject({ accepted: 0, rejected: [{ index: 0 }] });
    expect(Object.keys(await landing.files('workout/'))).toEqual([]);
    expect(Object.keys(await landing.files('quarantine/workout/'))).toHaveLength(1);
  });

  it('400 with the parser message for malformed JSON', async () => {
    const response = await invoke(workoutsHttp, post('workouts', '{"user_id": 1'));
    expect(response.status).toBe(400);
    expect(response.jsonBody).toEqual({ error: expect.stringMatching(/JSON/) });
  });

  it('415 for a non-JSON content type', async () => {
    const response = await invoke(
      workoutsHttp,
      post('workouts', 'user_id=1', { 'content-type': 'application/x-www-form-urlencoded' }),
    );
    expect(response.status).toBe(415);
  });

  it('413 for a body over PULSELAKE_MAX_BODY_BYTES, declared or actual, before anything is stored', async () => {
    use({ maxBodyBytes: 100 });
    const body = JSON.stringify([registration, registration]); // > 100 bytes
    expect((await invoke(registrationsHttp, post('registrations', body))).status).toBe(413);
    expect((await invoke(registrationsHttp, post('registrations', '[]', { 'content-length': '101' }))).status).toBe(
      413,
    );
    expect(await landing.files()).toEqual({});
  });

  it('413 above 10,000 records', async () => {
    const body = JSON.stringify(Array.from({ length: 10_001 }, () => registration));
    const response = await invoke(registrationsHttp, post('registrations', body));
    expect(response).toMatchObject({
      status: 413,
      jsonBody: { error: 'at most 10000 records per request, got 10001' },
    });
  });

  it('a retried request lands once (same file, outcome exists)', async () => {
    const body = JSON.stringify([registration, { ...registration, user_id: 8 }]);
    await invoke(registrationsHttp, post('registrations', body));
    const again = await invoke(registrationsHttp, post('registrations', body));
    expect(again.status).toBe(202);
    expect(Object.keys(await landing.files())).toHaveLength(1);
  });

  it('503 with nothing acknowledged when storage fails', async () => {
    use({ landingWriter: new LandingWriter(brokenStore) });
    const response = await invoke(registrationsHttp, post('registrations', JSON.stringify(registration)));
    expect(response.status).toBe(503);
    expect(response.jsonBody).not.toHaveProperty('accepted');
  });
});

describe('BPM gateway', () => {
  it('publishes valid readings to the hub and quarantines the rest; nothing lands directly', async () => {
    const good = { device_id: 14, time: 1678521600.25, heartrate: null };
    const response = await invoke(
      bpmGatewayHttp,
      post('bpm', JSON.stringify([good, { device_id: 0, time: 1, heartrate: 1 }])),
    );
    expect(response).toMatchObject({ status: 202, jsonBody: { accepted: 1, rejected: [{ index: 1 }] } });
    expect(services.published).toEqual([good]);
    expect(Object.keys(await landing.files('bpm/'))).toEqual([]);
    expect(Object.keys(await landing.files('quarantine/bpm/'))).toHaveLength(1);
  });

  it('503 when the hub is unavailable', async () => {
    use({
      bpmPublisher: { publish: () => Promise.reject(new Error('ServiceBusy')), close: async () => undefined },
    });
    const response = await invoke(
      bpmGatewayHttp,
      post('bpm', JSON.stringify({ device_id: 14, time: 1678521600, heartrate: 60 })),
    );
    expect(response.status).toBe(503);
  });
});
