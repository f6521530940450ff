import { classifyError } from '../errors/classify-error';
import { redactSecrets } from '../util/redact';
import { encodeSSE } from '../wire/sse';
import { ChatStreamItem, isUsageOnlyChunk } from './chat-stream-items';
import { clientStatusOf } from './gateway-call-error';

/** The SSE item sent when a stream fails after its first content part: an OpenAI-style error. */
export function lateErrorItem(
  error: unknown,
  secrets: readonly (string | undefined)[],
): ChatStreamItem {
  const failure = classifyError(error);
  const { type } = clientStatusOf(failure);
  const message = redactSecrets(failure.message, secrets);
  return new ChatStreamItem(JSON.stringify({ error: { message, type, code: null } }));
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

/** A `chat.completion` answer: the upstream's bytes, unchanged. */
export function jsonResponse(text: string, headers: Record<string, string>): Response {
  return new Response(text, { status: 200, headers: { ...JSON_HEADERS, ...headers } });
}

/**
 * Encodes an item for the client: the upstream event's data re-framed as SSE (its JSON untouched),
 * or nothing for the usage chunk of a client that did not ask for usage.
 */
export function sseEncoder(
  clientWantsUsage: boolean,
): (item: ChatStreamItem) => Uint8Array | undefined {
  const encoder = new TextEncoder();
  return (item) =>
    !clientWantsUsage && isUsageOnlyChunk(item)
      ? undefined
      : encoder.encode(encodeSSE({ data: item.data }));
}

/** An SSE answer over already-encoded bytes. */
export function sseResponse(
  body: ReadableStream<Uint8Array>,
  headers: Record<string, string>,
): Response {
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
}
