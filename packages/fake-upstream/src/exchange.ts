import type { IncomingMessage, ServerResponse } from 'node:http';
import { classifyRequest } from './classify-request.js';
import type { RecordedRequest } from './recorded-request.js';

/** One request/response pair being served, with its live record. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  /** True once the response can no longer be written (finished, dropped or client gone). */
  isGone(): boolean;
  /** Destroys the socket on purpose; not counted as a client abort. */
  drop(): void;
}

/**
 * Starts recording a request. `serverClosing` tells socket closes caused by `close()` apart
 * from client aborts.
 */
export function createExchange(
  req: IncomingMessage,
  res: ServerResponse,
  serverClosing: () => boolean,
): Exchange {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const method = req.method ?? 'GET';
  let dropped = false;
  let markClosed: () => void = () => {};
  const record: RecordedRequest = {
    method,
    path,
    url,
    headers: flattenHeaders(req),
    rawBody: '',
    body: undefined,
    kind: classifyRequest(method, path),
    aborted: false,
    closed: new Promise<void>((resolve) => {
      markClosed = resolve;
    }),
  };
  res.once('close', () => {
    if (!res.writableFinished && !dropped && !serverClosing()) record.aborted = true;
    markClosed();
  });
  return {
    req,
    res,
    record,
    isGone: () => res.writableEnded || res.destroyed,
    drop: () => {
      dropped = true;
      res.socket?.destroy();
    },
  };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Reads the whole body into the record; resolves `false` if the client went away first. */
export function readBody(exchange: Exchange): Promise<boolean> {
  const { req, record } = exchange;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      record.rawBody = Buffer.concat(chunks).toString('utf8');
      record.body = parseJson(record.rawBody);
      resolve(true);
    });
    req.once('error', () => resolve(false));
    req.once('close', () => {
      if (!req.complete) resolve(false);
    });
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
