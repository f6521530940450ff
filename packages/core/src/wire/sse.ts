import { EventSourceParserStream } from 'eventsource-parser/stream';

/** One server-sent event: optional `event` name and `id`, and its (joined) `data` lines. */
export interface SSEEvent {
  event?: string;
  data: string;
  id?: string;
}

/** The `data` payload that ends an OpenAI-style stream. */
export const SSE_DONE = '[DONE]';

/** The encoded `data: [DONE]` terminator. */
export const SSE_DONE_EVENT = 'data: [DONE]\n\n';

/** Parses a byte stream of server-sent events into events (comments and retries are dropped). */
export function parseSSEStream(body: ReadableStream<Uint8Array>): ReadableStream<SSEEvent> {
  // The DOM typings declare TextDecoderStream's input as BufferSource, which TS does not accept
  // where a Uint8Array stream is piped; the runtime types match.
  const decoder = new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>;
  return body
    .pipeThrough(decoder)
    .pipeThrough(new EventSourceParserStream())
    .pipeThrough(
      new TransformStream({
        transform(message, controller) {
          const event: SSEEvent = { data: message.data };
          if (message.event !== undefined) event.event = message.event;
          if (message.id !== undefined) event.id = message.id;
          controller.enqueue(event);
        },
      }),
    );
}

/**
 * Encodes one event. Multi-line data becomes several `data:` lines, as the SSE spec requires
 * (a raw newline would otherwise end the field early).
 */
export function encodeSSE(event: { event?: string; data: string }): string {
  const name = event.event !== undefined ? `event: ${event.event}\n` : '';
  const data = event.data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `${name}${data}\n`;
}

/** Encodes a JSON value as a nameless `data:` event (the OpenAI streaming style). */
export function encodeSSEData(value: unknown): string {
  return encodeSSE({ data: JSON.stringify(value) });
}
