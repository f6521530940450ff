import type { Exchange } from './exchange.js';
import { sleep } from './sleep.js';

/** One SSE frame carrying JSON, optionally with an `event:` line (Anthropic names its events). */
export function sseFrame(data: unknown, event?: string): string {
  const line = `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
  return event ? `event: ${event}\n${line}` : line;
}

/** Sends the stream headers at once so clients see the response before the first chunk. */
export function startSse(exchange: Exchange, headers: Record<string, string>): void {
  exchange.res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...headers,
  });
  exchange.res.flushHeaders();
}

/**
 * Writes frames with `delayMs` between them; without a delay they go out in one write, which
 * keeps benchmarks cheap. Resolves `false` if the connection went away first.
 */
export async function writeFrames(
  exchange: Exchange,
  frames: string[],
  delayMs: number,
): Promise<boolean> {
  if (exchange.isGone()) return false;
  if (delayMs <= 0) {
    if (frames.length > 0) exchange.res.write(frames.join(''));
    return true;
  }
  for (let i = 0; i < frames.length; i++) {
    if (i > 0) await sleep(delayMs);
    if (exchange.isGone()) return false;
    exchange.res.write(frames[i]);
  }
  return true;
}

/**
 * Destroys the socket once written frames have left Node (http corks writes until the next
 * tick), so the client sees the partial stream and then a broken connection.
 */
export function dropAfterFlush(exchange: Exchange): void {
  setImmediate(() => {
    const socket = exchange.res.socket;
    if (socket && socket.writableLength > 0) socket.once('drain', () => exchange.drop());
    else exchange.drop();
  });
}
