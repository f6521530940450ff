import { Readable } from 'node:stream';
import { BODY_READER, type ByteReader } from '@stereos/core';
import type { Dispatcher } from 'undici';
import { nodeByteReader } from './node-byte-reader';
import { agentRequest, createAgent } from './undici-agent';

/** Options of the Node upstream transport. */
export interface UndiciFetchOptions {
  /**
   * Connections per upstream origin. Default: no cap, like the global fetch. A cap queues calls
   * behind others' whole answers, and a stream holds its connection for the answer's length
   * (1,000 streams at once would wait for each other's seconds-long answers).
   */
  connections?: number;
  /** How long an idle upstream connection is kept open. Default 30 s. */
  keepAliveTimeoutMs?: number;
}

/**
 * A `fetch` for the server's upstream calls on Node, built on undici's `request` with one
 * keep-alive pool per upstream origin. Node's global `fetch` spends most of a gateway's CPU on
 * spec machinery (about 2.5× slower than `request` in our bench); the core only needs status,
 * headers, `text()` and the body stream, which this gives without that cost.
 *
 * Only for the core's upstream calls: the returned object implements the part of `Response`
 * they use (`ok`, `status`, `statusText`, `headers`, `text()`, `json()`, `arrayBuffer()`, `body`),
 * and offers its body to core's SSE reader without a web stream (`BODY_READER`).
 */
export function createUndiciFetch(options: UndiciFetchOptions = {}): typeof fetch {
  const dispatcher = createAgent({
    connections: options.connections ?? null,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
  });
  const targets = createTargetCache();
  const undiciFetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    // The agent's own `request` (origin and path given), not undici's top-level one, which
    // parses the URL and copies the options on every call.
    const answer = await agentRequest(dispatcher, {
      ...targets.of(urlOf(input)),
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      ...requestBody(init),
      signal: init.signal ?? undefined,
    });
    return new UpstreamResponse(answer) as unknown as Response;
  };
  return undiciFetch as typeof fetch;
}

/**
 * A body is sent as undici is given it, but undici keeps a string or Buffer body in its request
 * until the whole answer is read: for a stream, the request's whole prompt for the answer's
 * length (1,000 streams of 100 KB prompts: 100 MB). A large text body is therefore handed over
 * as a stream with its length, which lets go of the bytes once they are written.
 */
const RETAINED_BODY_BYTES = 64 * 1024;

function requestBody(init: RequestInit): Pick<Dispatcher.RequestOptions, 'headers' | 'body'> {
  const headers = init.headers as Dispatcher.RequestOptions['headers'];
  const { body } = init;
  if (
    typeof body !== 'string' ||
    body.length < RETAINED_BODY_BYTES / 4 ||
    !isPlainObject(headers)
  ) {
    return { headers, body: body as Dispatcher.RequestOptions['body'] };
  }
  const bytes = Buffer.from(body);
  if (bytes.byteLength < RETAINED_BODY_BYTES) return { headers, body: bytes };
  return {
    headers: { ...headers, 'content-length': String(bytes.byteLength) },
    body: releasingStream(bytes),
  };
}

/** A stream of `bytes` that drops its reference once they are read. */
function releasingStream(bytes: Buffer): Readable {
  let pending: Buffer | undefined = bytes;
  return new Readable({
    read() {
      const chunk = pending;
      pending = undefined;
      this.push(chunk ?? null);
    },
  });
}

function isPlainObject(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Headers) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/** Where a request goes, as undici's dispatcher takes it. */
interface RequestTarget {
  origin: string;
  path: string;
}

/**
 * Origin and path of upstream URLs, parsed once each: a gateway calls a handful of URLs (one per
 * provider endpoint) over and over. Bounded: the cache starts over when full.
 */
function createTargetCache(maxEntries = 256) {
  const cache = new Map<string, RequestTarget>();
  return {
    of(url: string): RequestTarget {
      let target = cache.get(url);
      if (target === undefined) {
        const parsed = new URL(url);
        target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
        if (cache.size >= maxEntries) cache.clear();
        cache.set(url, target);
      }
      return target;
    },
  };
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** The `Response` surface the core reads, over undici's answer, converted only when asked. */
class UpstreamResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly statusText = '';
  readonly redirected = false;
  readonly type = 'basic';
  readonly url = '';
  readonly #answer: Dispatcher.ResponseData;
  #headers: Headers | undefined;
  #body: ReadableStream<Uint8Array> | undefined;

  constructor(answer: Dispatcher.ResponseData) {
    this.#answer = answer;
    this.status = answer.statusCode;
    this.ok = answer.statusCode >= 200 && answer.statusCode < 300;
  }

  get headers(): Headers {
    this.#headers ??= toHeaders(this.#answer.headers);
    return this.#headers;
  }

  get body(): ReadableStream<Uint8Array> {
    this.#body ??= Readable.toWeb(this.#answer.body) as unknown as ReadableStream<Uint8Array>;
    return this.#body;
  }

  /** The body as bytes straight from undici's Node stream: core's SSE reader takes this path. */
  [BODY_READER](): ByteReader {
    return nodeByteReader(this.#answer.body);
  }
  get bodyUsed(): boolean {
    return this.#answer.body.bodyUsed;
  }

  text(): Promise<string> {
    return this.#answer.body.text();
  }

  json(): Promise<unknown> {
    return this.#answer.body.json();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#answer.body.arrayBuffer();
  }
}

function toHeaders(raw: Dispatcher.ResponseData['headers']): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
