/**
 * Regression tests of issue 11's hostile inputs (failures 1, 3, 4, 5), driven through the real
 * HTTP functions and the Event Hubs trigger over a real filesystem landing store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpRequest, InvocationContext } from '../../shared/functions/azure.js';
import type { HttpHandler, HttpResponseInit } from '../../shared/functions/azure.js';
import { bpmEventHubHandler, landingHttpHandler } from '../../shared/functions/handlers.js';
import type { FunctionServices } from '../../shared/functions/services.js';
import { MAX_ERRORS_PER_RECORD } from '../../shared/validation/validator.js';
import { logCollector, tempLanding, testServices, type TempLanding } from '../shared/functions/helpers.js';

const registration = {
  user_id: 7,
  device_id: 70,
  mac_address: 'aa:bb:cc:00:11:22',
  registration_timestamp: 1678451168,
};
const profile = {
  user_id: 7,
  update_type: 'new',
  timestamp: 1678451168,
  dob: '1990-01-01',
  sex: 'F',
  gender: 'F',
  first_name: 'Ann',
  last_name: 'Lee',
  address: { street_address: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701' },
};
const deep = '['.repeat(5000) + ']'.repeat(5000);

let landing: TempLanding;
let services: FunctionServices;
beforeEach(async () => {
  landing = await tempLanding();
  services = testServices(landing.writer, { maxBodyBytes: 8 * 1024 * 1024 });
});
afterEach(async () => {
  await landing.cleanup();
});

/** The real handlers over the test's services (a real filesystem landing writer). */
const registrationsHttp: HttpHandler = (request, context) =>
  landingHttpHandler('registration', services)(request, context);
const profilesHttp: HttpHandler = (request, context) => landingHttpHandler('profile', services)(request, context);
const bpmEventHubTrigger = (events: unknown, context: InvocationContext): Promise<unknown> =>
  Promise.resolve(bpmEventHubHandler(services)(events, context));

async function post(handler: HttpHandler, body: string): Promise<HttpResponseInit> {
  const request = new HttpRequest({
    method: 'POST',
    url: 'http://localhost:7071/api/x',
    headers: { 'content-type': 'application/json' },
    body: { string: body },
  });
  return (await handler(
    request,
    new InvocationContext({ functionName: 't', logHandler: logCollector().logHandler }),
  )) as HttpResponseInit;
}

async function quarantineLines(feed: string): Promise<Record<string, unknown>[]> {
  return Object.values(await landing.files(`quarantine/${feed}/`)).flat() as Record<string, unknown>[];
}

describe('failure 1: deeply nested JSON', () => {
  it('HTTP: a mixed batch lands its valid records and quarantines the deep one with its text, 202 not 503', async () => {
    const response = await post(registrationsHttp, `[${JSON.stringify(registration)},${deep}]`);
    expect(response.status).toBe(202);
    expect(response.jsonBody).toEqual({
      accepted: 1,
      rejected: [{ index: 1, errors: [expect.stringMatching(/nested 5000 levels deep, more than the limit of 64/)] }],
    });
    expect(Object.values(await landing.files('registration/')).flat()).toEqual([registration]);
    const [line] = await quarantineLines('registration');
    expect(line).toMatchObject({ index: 1, raw: deep, raw_encoding: 'utf-8' });
  });

  it('Event Hubs: a poison batch (deep text, deep bytes, deep parsed value) completes and quarantines every event', async () => {
    let parsedDeep: unknown = [];
    for (let i = 0; i < 20_000; i += 1) parsedDeep = [parsedDeep];
    const reading = { device_id: 1, time: 1678521600, heartrate: 70 };
    const events = [
      deep,
      Buffer.from(deep),
      parsedDeep,
      { device_id: 1, time: 1678521600, heartrate: 70, x: parsedDeep },
      reading,
    ];
    const context = new InvocationContext({ functionName: 'bpm', logHandler: logCollector().logHandler });
    await expect(bpmEventHubTrigger(events, context)).resolves.toBeUndefined();
    expect(Object.values(await landing.files('bpm/')).flat()).toEqual([reading]);
    const lines = await quarantineLines('bpm');
    expect(lines.map((l) => l['index'])).toEqual([0, 1, 2, 3]);
  });
});

describe('failure 3: one request cannot block the event loop', () => {
  it('a 4 MB record with 340k unknown keys is refused fast with a small answer', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 340_000; i += 1) keys.push(`"k${i}":1`);
    const body = `{${keys.join(',')}}`;
    const started = performance.now();
    const response = await post(registrationsHttp, body);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.jsonBody).length).toBeLessThan(2_000);
    // Generous bound (the fix takes ~0.3 s here, the old code 3 s): guards against the regression only.
    expect(elapsed).toBeLessThan(2_500);
  });

  it(`reports at most ${MAX_ERRORS_PER_RECORD} reasons per record, then "and N more"`, async () => {
    const bad = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const response = await post(registrationsHttp, JSON.stringify(bad));
    const errors = (response.jsonBody as { rejected: { errors: string[] }[] }).rejected[0]?.errors ?? [];
    expect(errors).toHaveLength(MAX_ERRORS_PER_RECORD + 1);
    expect(errors.at(-1)).toMatch(/^\.\.\. and \d+ more$/);
  });

  it('keeps the response small for a batch of many bad records (reasons omitted past the budget)', async () => {
    const bad = { ...registration, mac_address: 'x'.repeat(17), junk1: 'y'.repeat(150), junk2: 1 };
    const response = await post(registrationsHttp, JSON.stringify(Array.from({ length: 10_000 }, () => bad)));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.jsonBody).length).toBeLessThan(1024 * 1024);
    expect((response.jsonBody as { rejected: unknown[] }).rejected).toHaveLength(10_000);
  });
});

describe('failure 4: string limits and control characters', () => {
  it('refuses a 4 MB first_name', async () => {
    const response = await post(profilesHttp, JSON.stringify({ ...profile, first_name: 'A'.repeat(4 * 1024 * 1024) }));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.jsonBody)).toMatch(/first_name: must NOT have more than 100 characters/);
    expect(await landing.files('profile/')).toEqual({});
  });

  it('refuses NUL and other control characters and lone surrogates in free text; keeps other Unicode', async () => {
    for (const name of ['A\u0000B', 'A\u0007', 'A\uD800', '\uDC00B']) {
      const response = await post(profilesHttp, JSON.stringify({ ...profile, first_name: name }));
      expect(response.status, JSON.stringify(name)).toBe(400);
    }
    const ok = await post(profilesHttp, JSON.stringify({ ...profile, first_name: 'Zoë 😀 Ōtake' }));
    expect(ok.status).toBe(202);
  });

  it('refuses control characters in a MAC address', async () => {
    for (const mac of ['aa:bb:cc:00:11:22\n', 'aa:bb:cc:00:11:2\u0000', '\taa:bb:cc:00:11:22']) {
      expect((await post(registrationsHttp, JSON.stringify({ ...registration, mac_address: mac }))).status).toBe(400);
    }
  });
});

describe('failure 5: quarantine keeps the bytes', () => {
  it('keeps 1e400 and 9007199254740993 as sent', async () => {
    const text =
      '{"user_id":9007199254740993,"device_id":1e400,"mac_address":"aa:bb:cc:00:11:22","registration_timestamp":1678451168}';
    expect((await post(registrationsHttp, text)).status).toBe(400);
    const [line] = await quarantineLines('registration');
    expect(line).toMatchObject({ raw: text, raw_encoding: 'utf-8' });
  });

  it('keeps base64 of an Event Hubs body that is not UTF-8', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    await bpmEventHubTrigger(
      [bytes],
      new InvocationContext({ functionName: 'bpm', logHandler: logCollector().logHandler }),
    );
    const [line] = await quarantineLines('bpm');
    expect(line).toMatchObject({ raw: bytes.toString('base64'), raw_encoding: 'base64' });
  });
});
