import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../../../shared/simulator/deliver.js';
import type { Batch, DeliveryPlan } from '../../../shared/simulator/delivery.js';
import { AzureBatchSender, HttpBatchSender } from '../../../shared/simulator/senders.js';
import type { BpmRecord } from '../../../shared/feeds/generated/types.js';

interface Received {
  url: string;
  key: string | undefined;
  body: unknown[];
}

/** A stand-in API that records requests and answers from a script (status codes in order, then 202). */
async function fakeApi(statuses: number[] = []): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(text) as unknown[];
      received.push({ url: req.url ?? '', key: req.headers['x-functions-key'] as string | undefined, body });
      const status = statuses.shift() ?? 202;
      const bad = body.flatMap((r, index) =>
        (r as { bad?: boolean }).bad ? [{ index, errors: ['bad: unknown field'] }] : [],
      );
      const answer = status >= 500 ? { error: 'busy' } : { accepted: body.length - bad.length, rejected: bad };
      res.writeHead(bad.length === body.length && status < 500 ? 400 : status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const batch = (feed: Batch['feed'], records: unknown[]): Batch => ({ feed, records, broken: 0 });

describe('HttpBatchSender', () => {
  it('posts a JSON array to the feed route with the function key and reads the counts', async () => {
    const api = await fakeApi();
    server = api.server;
    const sender = new HttpBatchSender(api.url, { functionKey: 'k1' });
    const result = await sender.send(batch('gym_visit', [{ a: 1 }, { bad: true }, { a: 2 }]));
    expect(result).toEqual({ accepted: 2, rejected: 1 });
    expect(api.received).toEqual([{ url: '/api/gym-visits', key: 'k1', body: [{ a: 1 }, { bad: true }, { a: 2 }] }]);
  });

  it('counts a 400 with the ingest shape as all rejected', async () => {
    const api = await fakeApi();
    server = api.server;
    const result = await new HttpBatchSender(api.url).send(batch('workout', [{ bad: true }]));
    expect(result).toEqual({ accepted: 0, rejected: 1 });
  });

  it('retries 503 and 429 (nothing was acknowledged) and gives up after the attempts', async () => {
    const api = await fakeApi([503, 429]);
    server = api.server;
    const sender = new HttpBatchSender(api.url, { retryDelayMs: 1 });
    expect(await sender.send(batch('bpm', [{ x: 1 }]))).toEqual({ accepted: 1, rejected: 0 });
    expect(api.received).toHaveLength(3);

    const failing = await fakeApi([503, 503, 503]);
    const closeFailing = failing.server;
    await expect(
      new HttpBatchSender(failing.url, { retryDelayMs: 1, attempts: 3 }).send(batch('bpm', [{ x: 1 }])),
    ).rejects.toThrow(/failed after 3 attempts \(HTTP 503/);
    await new Promise<void>((resolve) => closeFailing.close(() => resolve()));
  });

  it('reports a network error when nothing listens', async () => {
    const sender = new HttpBatchSender('http://127.0.0.1:9', { retryDelayMs: 1, attempts: 2 });
    await expect(sender.send(batch('bpm', [{}]))).rejects.toThrow(/network error/);
  });
});

describe('AzureBatchSender', () => {
  it('publishes BPM to Event Hubs and posts the other feeds over HTTP', async () => {
    const api = await fakeApi();
    server = api.server;
    const published: BpmRecord[][] = [];
    let closed = false;
    const sender = new AzureBatchSender(new HttpBatchSender(api.url), {
      publish: async (readings) => {
        published.push([...readings]);
      },
      close: async () => {
        closed = true;
      },
    });
    const reading = { device_id: 1, time: 1741600000, heartrate: 70 };
    expect(await sender.send(batch('bpm', [reading]))).toEqual({ accepted: 1, rejected: 0 });
    expect(await sender.send(batch('profile', [{ p: 1 }]))).toEqual({ accepted: 1, rejected: 0 });
    await sender.close();
    expect(published).toEqual([[reading]]);
    expect(api.received.map((r) => r.url)).toEqual(['/api/profiles']);
    expect(closed).toBe(true);
  });
});

describe('deliver', () => {
  it('sends the on-time wave, calls betweenWaves, then the late wave, and tallies per feed', async () => {
    const api = await fakeApi();
    server = api.server;
    const plan: DeliveryPlan = {
      waves: [
        [batch('bpm', [{ n: 1 }, { n: 2 }]), batch('workout', [{ n: 3 }, { bad: true }])],
        [batch('bpm', [{ n: 4 }])],
      ],
      delivered: [],
      duplicates: 0,
      late: 1,
      broken: 1,
    };
    const seenBeforeLateWave: number[] = [];
    const tally = await deliver(plan, new HttpBatchSender(api.url), {
      concurrency: 2,
      betweenWaves: async () => {
        seenBeforeLateWave.push(api.received.length);
      },
    });
    expect(seenBeforeLateWave).toEqual([2]);
    expect(api.received.at(-1)?.body).toEqual([{ n: 4 }]);
    expect(tally.bpm).toEqual({ sent: 3, accepted: 3, rejected: 0 });
    expect(tally.workout).toEqual({ sent: 2, accepted: 1, rejected: 1 });
    expect(tally.profile).toEqual({ sent: 0, accepted: 0, rejected: 0 });
  });
});
