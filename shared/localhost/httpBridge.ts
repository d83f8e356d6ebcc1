/**
 * Converts between Node's `http` request/response and `@azure/functions`' HttpRequest /
 * HttpResponse, which work outside the Functions host ("test mode"). Bodies are read with a
 * cap, so an oversized upload is never buffered: the handler sees the declared length or the
 * first `limit + 1` bytes and answers 413 itself, exactly as it does in Azure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  HttpRequest as FunctionsHttpRequest,
  HttpResponse as FunctionsHttpResponse,
  HttpResponseInit,
} from '@azure/functions';
import { HttpRequest, HttpResponse } from '../functions/azure.js';
import { declaresTooLarge } from '../http/readBody.js';

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
  return new HttpRequest({
    method: request.method ?? 'GET',
    url: url.toString(),
    headers: headerRecord(request),
    query: Object.fromEntries(url.searchParams),
    params: {},
    body: { bytes: body },
  });
}

/** Writes what a handler returned (an HttpResponse or a plain HttpResponseInit) to the socket. */
export async function writeHttpResponse(
  response: ServerResponse,
  result: FunctionsHttpResponse | HttpResponseInit | undefined,
  extraHeaders: Record<string, string> = {},
): Promise<number> {
  const functionResponse = result instanceof HttpResponse ? result : new HttpResponse(result ?? { status: 204 });
  const body = Buffer.from(await functionResponse.arrayBuffer());
  const headers: Record<string, string> = { ...extraHeaders };
  functionResponse.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers['content-length'] = String(body.length);
  response.writeHead(functionResponse.status, headers);
  response.end(body);
  return functionResponse.status;
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
