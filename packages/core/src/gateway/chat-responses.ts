import { classifyError } from '../errors/classify-error';
import { redactSecrets } from '../util/redact';
import { encodeSSE } from '../wire/sse';
import { type ChatStreamItem, isUsageOnlyChunk } from './chat-stream-items';
import { clientStatusOf } from './gateway-call-error';

/** The SSE item sent when a stream fails after its first content part: an OpenAI-style error. */
export function lateErrorItem(
  error: unknown,
  secrets: readonly (string | undefined)[],
): ChatStreamItem {
  const failure = classifyError(error);
  const { type } = clientStatusOf(failure);
  const message = redactSecrets(failure.message, secrets);
  return { data: JSON.stringify({ error: { message, type, code: null } }) };
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

/** Re-frames the upstream events (their JSON untouched) and drops usage the client did not ask for. */
export function sseResponse(
  items: ReadableStream<ChatStreamItem>,
  clientWantsUsage: boolean,
  headers: Record<string, string>,
): Response {
  const encoder = new TextEncoder();
  const body = items.pipeThrough(
    new TransformStream<ChatStreamItem, Uint8Array>({
      transform(item, controller) {
        if (!clientWantsUsage && isUsageOnlyChunk(item)) return;
        controller.enqueue(encoder.encode(encodeSSE({ data: item.data })));
      },
    }),
  );
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
}
