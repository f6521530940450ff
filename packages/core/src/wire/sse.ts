/** One server-sent event: optional `event` name and `id`, and its (joined) `data` lines. */
export interface SSEEvent {
  event?: string | undefined;
  data: string;
  id?: string | undefined;
}

/** The `data` payload that ends an OpenAI-style stream. */
export const SSE_DONE = '[DONE]';

/** The encoded `data: [DONE]` terminator. */
export const SSE_DONE_EVENT = 'data: [DONE]\n\n';

const LINE_BREAK = /[\r\n]/;

/**
 * Encodes one event. Multi-line data becomes several `data:` lines, as the SSE spec requires
 * (a raw newline would otherwise end the field early). Parsing is `eventsource-parser`'s, in
 * `upstream/read-sse.ts`.
 */
export function encodeSSE(event: { event?: string; data: string }): string {
  const name = event.event !== undefined ? `event: ${event.event}\n` : '';
  // The common case (JSON text, which has no raw line breaks): one line, no split (hot path).
  if (!LINE_BREAK.test(event.data)) return `${name}data: ${event.data}\n\n`;
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
