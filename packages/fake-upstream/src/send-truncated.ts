import type { Exchange } from './exchange.js';
import { dropAfterFlush } from './sse.js';

/**
 * Announces a full JSON body but sends only its first half, then drops the connection: the
 * non-streaming form of a mid-response failure.
 */
export function sendTruncated(exchange: Exchange, body: string, headers: Record<string, string>) {
  exchange.res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  exchange.res.write(body.slice(0, Math.floor(body.length / 2)));
  dropAfterFlush(exchange);
}
