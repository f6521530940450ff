import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ChunkSource } from '../engine/commit-stream';

/** Turns parsed SSE events into items; `push` may be called any number of times per event. */
export interface SSEItemMapper<C> {
  onEvent(event: EventSourceMessage, push: (item: C) => void): void;
  /** At the end of the bytes: push closing items, or throw if the stream was cut short. */
  onEnd?(push: (item: C) => void): void;
}

/** Bytes read like a web stream's reader: a body's reader, or a runtime's own (see `BODY_READER`). */
export interface ByteReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * A fetch answer may offer its body as a `ByteReader` under this key (a method), to be read
 * without a web stream: the server's Node transport reads the upstream socket's stream this way,
 * where `response.body` would put a web stream adapter and a promise hop per chunk in between.
 */
export const BODY_READER: unique symbol = Symbol.for('stereos.bodyReader');

/** The body of an answer as bytes to read: its own reader when it offers one, else its stream. */
export function bodyBytesOf(response: Response): ByteReader | ReadableStream<Uint8Array> | null {
  const own = (response as { [BODY_READER]?: () => ByteReader })[BODY_READER];
  return own ? own.call(response) : response.body;
}

/**
 * Reads an SSE byte stream as items: the one SSE parser of Stereos (`eventsource-parser`), fed
 * straight from the body's reader. A reader rather than stream stages: every web stream stage
 * costs an object and a promise hop per chunk. Items parsed from one upstream read are handed
 * out without further awaits (`takeBuffered`).
 */
export function readSSE<C>(
  body: ReadableStream<Uint8Array> | ByteReader,
  mapper: SSEItemMapper<C>,
): ChunkSource<C> {
  const reader = body instanceof ReadableStream ? body.getReader() : body;
  const decoder = new TextDecoder();
  const queue: C[] = [];
  const push = (item: C) => {
    queue.push(item);
  };
  let ended = false;
  const parser = createParser({ onEvent: (event) => mapper.onEvent(event, push) });
  return {
    async read() {
      while (queue.length === 0 && !ended) {
        const next = await reader.read();
        if (next.done) {
          ended = true;
          parser.feed(decoder.decode());
          mapper.onEnd?.(push);
        } else parser.feed(decoder.decode(next.value, { stream: true }));
      }
      const value = queue.shift();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    },
    cancel: (reason) => reader.cancel(reason),
    takeBuffered: () => queue.shift(),
  };
}
