/**
 * Converts between Node's `http` request/response and what handlers take and return: a
 * LocalHttpRequest (an `@azure/functions` HttpRequest without an undici `Request`), and an
 * HttpResponse or HttpResponseInit, written as the library's HttpResponse would render it. Bodies are read with a
 * cap, so an oversized upload is never buffered: the handler sees the declared length or the
 * first `limit + 1` bytes and answers 413 itself, exactly as it does in Azure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  HttpRequest as FunctionsHttpRequest,
  HttpResponse as FunctionsHttpResponse,
  HttpResponseInit,
} from '@azure/functions';
import { HttpResponse } from '../functions/azure.js';
import { declaresTooLarge } from '../http/readBody.js';
import { LocalHttpRequest } from './LocalHttpRequest.js';

export interface CappedBody {
  bytes: Buffer;
  /** False when reading stopped early: the connection must not be reused. */
  complete: boolean;
}

/** Reads at most `limit + 1` bytes; nothing when the declared Content-Length is already too large. */
export async function readCappedBody(request: IncomingMessage, limit: number): Promise<CappedBody> {
  if (declaresTooLarge(request.headers['content-length'], limit)) return { bytes: Buffer.alloc(0), complete: false };
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    total += chunk.length;
    if (total > limit) return { bytes: Buffer.concat(chunks).subarray(0, limit + 1), complete: false };
  }
  return { bytes: Buffer.concat(chunks, total), complete: true };
}

function headerRecord(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export function toHttpRequest(request: IncomingMessage, url: URL, body: Buffer): FunctionsHttpRequest {
  return new LocalHttpRequest({ method: request.method ?? 'GET', url, headers: headerRecord(request), body });
}

interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Statuses that carry no body (fetch's "null body status"): the library drops the body too. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * What `new HttpResponse(init)` would send, computed without an undici `Response`, for the
 * shapes handlers return: status 200-599, string/absent body or `jsonBody`, a plain header record
 * of distinct, already-trimmed names and values, no cookies. Anything else is undefined and goes
 * through the library's HttpResponse.
 */
function plainResponse(init: HttpResponseInit): PlainResponse | undefined {
  const status = init.status ?? 200;
  if (!Number.isInteger(status) || status < 200 || status > 599) return undefined;
  if (init.cookies && init.cookies.length > 0) return undefined;
  const given = init.headers ?? {};
  if (Array.isArray(given) || given instanceof Headers) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
    const lower = name.toLowerCase();
    if (typeof value !== 'string' || value !== value.trim() || lower in headers) return undefined;
    headers[lower] = value;
  }
  const noBody = init.status !== undefined && NULL_BODY_STATUSES.has(init.status);
  let text: string | undefined;
  let defaultType: string | undefined;
  if (init.jsonBody !== undefined && init.jsonBody !== null && !noBody) {
    text = JSON.stringify(init.jsonBody) as string | undefined;
    if (text === undefined) return undefined;
    defaultType = 'application/json';
  } else if (init.body !== undefined && init.body !== null && !noBody) {
    if (typeof init.body !== 'string') return undefined;
    text = init.body;
    defaultType = 'text/plain;charset=UTF-8';
  }
  if (defaultType && !('content-type' in headers)) headers['content-type'] = defaultType;
  // Headers iterates names in sorted order: keep the same order on the wire.
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) sorted[name] = headers[name] as string;
  return { status, headers: sorted, body: text === undefined ? Buffer.alloc(0) : Buffer.from(text) };
}

async function libraryResponse(result: FunctionsHttpResponse | HttpResponseInit): Promise<PlainResponse> {
  const functionResponse = result instanceof HttpResponse ? result : new HttpResponse(result);
  const body = Buffer.from(await functionResponse.arrayBuffer());
  const headers: Record<string, string> = {};
  functionResponse.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: functionResponse.status, headers, body };
}

/** Writes what a handler returned (an HttpResponse or a plain HttpResponseInit) to the socket. */
export async function writeHttpResponse(
  response: ServerResponse,
  result: FunctionsHttpResponse | HttpResponseInit | undefined,
  extraHeaders: Record<string, string> = {},
): Promise<number> {
  const init = result ?? { status: 204 };
  const plain = (!(init instanceof HttpResponse) && plainResponse(init)) || (await libraryResponse(init));
  const headers: Record<string, string> = { ...extraHeaders, ...plain.headers };
  headers['content-length'] = String(plain.body.length);
  response.writeHead(plain.status, headers);
  response.end(plain.body);
  return plain.status;
}

/** A small JSON answer from the host itself (404, 401, ...), shaped like the handlers' errors. */
export function writeJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): number {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    ...headers,
  });
  response.end(bytes);
  return status;
}
