/**
 * The local host's HttpRequest against `@azure/functions`' own HttpRequest built from the same
 * request: what handlers read must be the same, and a body reads once.
 */
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '@azure/functions';
import { HttpRequest as LibraryHttpRequest } from '../../../shared/functions/azure.js';
import { LocalHttpRequest, type LocalHttpRequestInit } from '../../../shared/localhost/LocalHttpRequest.js';

const principal = Buffer.from(JSON.stringify({ identityProvider: 'aad', userId: 'u1', userDetails: 'ann' })).toString(
  'base64',
);

function init(overrides: Partial<LocalHttpRequestInit> = {}): LocalHttpRequestInit {
  return {
    method: 'POST',
    url: new URL('http://127.0.0.1:7071/api/bpm?code=k&x=1&x=2'),
    headers: { 'content-type': 'application/json', 'x-custom': 'a, b', 'x-ms-client-principal': principal },
    body: Buffer.from('\uFEFF{"device_id":1}'),
    ...overrides,
  };
}

function library(from: LocalHttpRequestInit): HttpRequest {
  return new LibraryHttpRequest({
    method: from.method,
    url: from.url.href,
    headers: from.headers,
    query: Object.fromEntries(from.url.searchParams),
    params: {},
    body: { bytes: from.body },
  });
}

async function streamed(request: HttpRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request.body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('LocalHttpRequest', () => {
  it('shows handlers the same method, url, headers, query, user and body as the library request', async () => {
    const local = new LocalHttpRequest(init());
    const lib = library(init());
    expect(local.method).toBe(lib.method);
    expect(local.url).toBe(lib.url);
    expect([...local.headers]).toEqual([...lib.headers]);
    expect(local.headers.get('Content-Type')).toBe('application/json');
    expect(local.query.getAll('x')).toEqual(['1', '2']);
    expect(local.params).toEqual(lib.params);
    expect(local.user).toEqual(lib.user);
    expect(local.user?.username).toBe('ann');
    expect(await streamed(local)).toEqual(await streamed(lib));
  });

  it('decodes text like fetch (BOM stripped) and parses json', async () => {
    expect(await new LocalHttpRequest(init()).text()).toBe(await library(init()).text());
    expect(await new LocalHttpRequest(init()).json()).toEqual({ device_id: 1 });
    const bytes = await new LocalHttpRequest(init()).arrayBuffer();
    expect(Buffer.from(bytes)).toEqual(init().body);
  });

  it('reads a body once: bodyUsed turns true and a second read rejects', async () => {
    const request = new LocalHttpRequest(init());
    expect(request.bodyUsed).toBe(false);
    void request.body; // taking the stream without reading it uses nothing
    expect(request.bodyUsed).toBe(false);
    await streamed(request);
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    expect(() => request.clone()).toThrow(TypeError);

    const twice = new LocalHttpRequest(init());
    await twice.arrayBuffer();
    await expect(twice.json()).rejects.toThrow(/already been read/);
  });

  it('gives GET no body and an empty POST an empty stream', async () => {
    const get = new LocalHttpRequest(init({ method: 'GET', body: Buffer.alloc(0) }));
    expect(get.body).toBeNull();
    expect(await get.text()).toBe('');
    const empty = new LocalHttpRequest(init({ body: Buffer.alloc(0) }));
    expect(empty.body).not.toBeNull();
    expect((await streamed(empty)).length).toBe(0);
  });

  it('clones an unread request with its own body', async () => {
    const request = new LocalHttpRequest(init());
    const copy = request.clone();
    expect(await copy.text()).toBe('{"device_id":1}');
    expect(await request.text()).toBe('{"device_id":1}');
  });
});
