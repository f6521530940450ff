import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ChunkSource } from '../engine/commit-stream';

/** Turns parsed SSE events into items; `push` may be called any number of times per event. */
export interface SSEItemMapper<C> {
  onEvent(event: EventSourceMessage, push: (item: C) => void): void;
  /** At the end of the bytes: push closing items, or throw if the stream was cut short. */
  onEnd?(push: (item: C) => void): void;
}

/**
 * Reads an SSE byte stream as items: the one SSE parser of Stereos (`eventsource-parser`), fed
 * straight from the body's reader. A reader rather than stream stages: every web stream stage
 * costs an object and a promise hop per chunk. Items parsed from one upstream read are handed
 * out without further awaits (`takeBuffered`).
 */
export function readSSE<C>(
  body: ReadableStream<Uint8Array>,
  mapper: SSEItemMapper<C>,
): ChunkSource<C> {
  const reader = body.getReader();
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
