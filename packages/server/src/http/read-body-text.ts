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
  const chunks = node ? node.incoming : iterate(c.req.raw.body);
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    parts.push(chunk);
  }
  return decoder.decode(concatBytes(parts));
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
