import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHostJson } from '../../../shared/localhost/hostJson.js';

describe('readHostJson', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pulselake-hostjson-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('takes the route prefix and the Event Hubs batch size from host.json', async () => {
    const file = path.join(dir, 'host.json');
    await writeFile(
      file,
      JSON.stringify({
        version: '2.0',
        extensions: { http: { routePrefix: '/v1/' }, eventHubs: { maxEventBatchSize: 512 } },
      }),
    );
    expect(readHostJson(file)).toEqual({ routePrefix: 'v1', maxEventBatchSize: 512 });
  });

  it('falls back to the Functions defaults for a missing file or setting', async () => {
    expect(readHostJson(path.join(dir, 'missing.json'))).toEqual({ routePrefix: 'api', maxEventBatchSize: 100 });
    const file = path.join(dir, 'host.json');
    await writeFile(file, JSON.stringify({ version: '2.0', extensions: { eventHubs: { maxEventBatchSize: 0 } } }));
    expect(readHostJson(file)).toEqual({ routePrefix: 'api', maxEventBatchSize: 100 });
  });

  it('names the file when it is not JSON', async () => {
    const file = path.join(dir, 'host.json');
    await writeFile(file, '{ nope');
    expect(() => readHostJson(file)).toThrow(file);
  });
});
