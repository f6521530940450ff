import type { IncomingMessage } from 'node:http';
import { concatBytes } from '@stereos/core';
import type { Context } from 'hono';
import { ApiError } from '../errors/api-error';
import { nodeBindingsOf } from './node-bindings';
import { requestHeaders } from './request-headers';

/**
 * Reads a request body as text, refusing (413) once it passes `maxBytes` — while reading, so a
 * huge body is never buffered. On Node the bytes come straight from the socket: going through
 * `c.req.text()` would build a full web `Request` and a web stream for every request.
 */
export async function readBodyText(c: Context, maxBytes: number): Promise<string> {
  const declared = Number(requestHeaders(c).get('content-length'));
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const node = nodeBindingsOf(c.env);
  if (node) return decoder.decode(concatBytes(await readNode(node.incoming, maxBytes)));
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of iterate(c.req.raw.body)) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    parts.push(chunk);
  }
  return decoder.decode(concatBytes(parts));
}

/**
 * The Node request's bytes, from its events: an async iterator would cost a promise per chunk.
 * Past `maxBytes` reading stops and the request is refused.
 */
function readNode(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  if (incoming.readableEnded) return Promise.resolve(parts);
  return new Promise((resolve, reject) => {
    let size = 0;
    const settle = (error?: unknown) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', settle);
      incoming.off('close', onClose);
      if (error) reject(error);
      else resolve(parts);
    };
    const onData = (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size <= maxBytes) {
        parts.push(chunk);
        return;
      }
      // Not destroyed: the client still gets its 413; `@hono/node-server` drains the rest of
      // the body after the answer (bounded in bytes and time).
      incoming.pause();
      settle(tooLarge(maxBytes));
    };
    const onEnd = () => settle();
    // Closed before its end: the client went away mid-body.
    const onClose = () => settle(new Error('The request body was cut off'));
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', settle);
    incoming.once('close', onClose);
  });
}

async function* iterate(body: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  while (true) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

const decoder = new TextDecoder();

function tooLarge(maxBytes: number): ApiError {
  return new ApiError({
    status: 413,
    message: `Request body is larger than ${maxBytes} bytes (MAX_BODY_BYTES).`,
    type: 'invalid_request_error',
    code: 'request_too_large',
  });
}
