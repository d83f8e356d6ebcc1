/**
 * The local host's HttpRequest: what `@azure/functions`' HttpRequest offers, over a body the host
 * already read, without building an undici `Request` per call (its construction was the largest
 * single cost of a small request in `pulselake serve`'s CPU profile). The members handlers use
 * (method, url, headers, query, params, body and its readers) are served directly; the rarely
 * used ones (user, blob, formData, clone) by the library's own HttpRequest, built on first use.
 */
import { ReadableStream } from 'node:stream/web';
import type { Blob } from 'node:buffer';
import type { HttpRequest, HttpRequestParams, HttpRequestUser } from '@azure/functions';
import { HttpRequest as LibraryHttpRequest } from '../functions/azure.js';

export interface LocalHttpRequestInit {
  method: string;
  url: URL;
  /** Lower-case names, as Node's `IncomingMessage.headers` has them (repeated values joined). */
  headers: Record<string, string>;
  body: Buffer;
}

const utf8 = new TextDecoder(); // like fetch's text(): strips a BOM, replaces invalid bytes

export class LocalHttpRequest implements HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly query: URLSearchParams;
  readonly params: HttpRequestParams = {};
  readonly #init: LocalHttpRequestInit;
  /** GET and HEAD have no body, as with the library's HttpRequest. */
  readonly #hasBody: boolean;
  #stream: ReadableStream<Uint8Array> | undefined;
  #used = false;
  #library: HttpRequest | undefined;

  constructor(init: LocalHttpRequestInit) {
    this.#init = init;
    this.method = init.method;
    this.url = init.url.href;
    this.headers = new Headers(init.headers);
    this.query = init.url.searchParams;
    this.#hasBody = init.method !== 'GET' && init.method !== 'HEAD';
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (!this.#hasBody) return null;
    const bytes = this.#init.body;
    // highWaterMark 0: nothing is pulled until a reader asks, so an untouched body stays unused.
    this.#stream ??= new ReadableStream<Uint8Array>(
      {
        pull: (controller) => {
          this.#used = true;
          if (bytes.length > 0) controller.enqueue(bytes);
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    return this.#stream;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  get user(): HttpRequestUser | null {
    return this.#libraryRequest().user;
  }

  /** The body's bytes, once: a second read fails as fetch's does. */
  #consume(): Buffer {
    if (this.#used || this.#stream?.locked) throw new TypeError('Body is unusable: Body has already been read');
    if (!this.#hasBody) return Buffer.alloc(0);
    this.#used = true;
    return this.#init.body;
  }

  #libraryRequest(): HttpRequest {
    this.#library ??= new LibraryHttpRequest({
      method: this.#init.method,
      url: this.url,
      headers: this.#init.headers,
      query: Object.fromEntries(this.query),
      params: this.params,
      body: { bytes: this.#init.body },
    });
    return this.#library;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return utf8.decode(this.#consume());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async blob(): Promise<Blob> {
    this.#consume();
    return this.#libraryRequest().blob() as Promise<Blob>;
  }

  async formData(): Promise<FormData> {
    this.#consume();
    return this.#libraryRequest().formData();
  }

  clone(): HttpRequest {
    if (this.#used || this.#stream?.locked) throw new TypeError('Request.clone: Body has already been consumed.');
    return new LocalHttpRequest(this.#init);
  }
}
