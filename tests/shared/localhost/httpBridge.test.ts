/**
 * writeHttpResponse renders a handler's plain HttpResponseInit itself (no undici Response): the
 * status, headers and bytes must be what the library's HttpResponse gives for the same init.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HttpResponseInit } from '@azure/functions';
import { HttpResponse } from '../../../shared/functions/azure.js';
import { writeHttpResponse } from '../../../shared/localhost/httpBridge.js';

interface Written {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function written(
  result: HttpResponseInit | InstanceType<typeof HttpResponse> | undefined,
  extra?: Record<string, string>,
): Promise<Written> {
  const out: Partial<Written> = {};
  const response = {
    writeHead(status: number, headers: Record<string, string>) {
      out.status = status;
      out.headers = headers;
    },
    end(body: Buffer) {
      out.body = body.toString('utf8');
    },
  } as unknown as ServerResponse;
  const status = await writeHttpResponse(response, result, extra);
  expect(status).toBe(out.status);
  return out as Written;
}

const cases: [string, HttpResponseInit][] = [
  ['202 with a summary', { status: 202, jsonBody: { accepted: 1, rejected: [] } }],
  ['400 with a bad JSON reason', { status: 400, jsonBody: { error: 'body is not valid JSON: Unexpected token' } }],
  ['405 with Allow', { status: 405, jsonBody: { error: 'method GET not allowed' }, headers: { Allow: 'POST' } }],
  [
    '503 with Retry-After',
    { status: 503, jsonBody: { error: 'storage unavailable' }, headers: { 'Retry-After': '5' } },
  ],
  ['own content type', { status: 200, jsonBody: [1, 2], headers: { 'Content-Type': 'application/problem+json' } }],
  ['text body', { body: 'plain ünïcode' }],
  ['204 drops its body', { status: 204, jsonBody: { ignored: true } }],
  ['no status', { jsonBody: 'a string' }],
  ['cookies (library path)', { status: 200, cookies: [{ name: 'a', value: 'b' }], jsonBody: {} }],
  ['bytes body (library path)', { status: 200, body: new Uint8Array([104, 105]) }],
];

describe('writeHttpResponse', () => {
  it.each(cases)('writes %s as the library HttpResponse does', async (_name, init) => {
    const plain = await written(init, { connection: 'close' });
    const library = await written(new HttpResponse(init), { connection: 'close' });
    expect(plain).toEqual(library);
  });

  it('answers a JSON body with its content type, length and text', async () => {
    const out = await written({ status: 400, jsonBody: { error: 'body is not valid JSON: x' } });
    expect(out.status).toBe(400);
    expect(out.headers['content-type']).toBe('application/json');
    expect(out.headers['content-length']).toBe(String(Buffer.byteLength(out.body)));
    expect(JSON.parse(out.body)).toEqual({ error: 'body is not valid JSON: x' });
  });

  it('answers 204 with no body when the handler returns nothing', async () => {
    expect(await written(undefined)).toEqual({ status: 204, headers: { 'content-length': '0' }, body: '' });
  });

  it('lets the handler override extra headers and lower-cases names', async () => {
    const out = await written({ status: 202, headers: { Connection: 'keep-alive' } }, { connection: 'close' });
    expect(out.headers).toEqual({ connection: 'keep-alive', 'content-length': '0' });
  });
});
