import { translateChatSSE } from '../translate-chat-stream';
import { createChatResponsesStreamConverter } from './convert-chat-stream-to-responses';
import type { ResponsesResponse } from './responses-api';
import type { ResponsesCreateRequest } from './responses-request-schema';

/**
 * Re-frames a Chat Completions SSE stream (what the chat engine serves) as the Responses API's
 * SSE stream: each event named by its `type` (`event: response.output_text.delta`), as OpenAI
 * sends them. An in-band `{"error": …}` (a failure after the first content) becomes an `error`
 * event that ends the stream. https://platform.openai.com/docs/api-reference/responses-streaming
 *
 * Events parsed from one read are written together; cancelling the result cancels `chat` (and
 * so the upstream call). `onResponse` sees the closing response (`response.completed` or
 * `response.incomplete`) before the client does.
 */
export function convertChatSSEToResponses(
  chat: ReadableStream<Uint8Array>,
  request: ResponsesCreateRequest,
  onResponse?: (response: ResponsesResponse) => void,
): ReadableStream<Uint8Array> {
  return translateChatSSE(chat, createChatResponsesStreamConverter(request), {
    errorDetail,
    onEvent(event) {
      if (event.type === 'response.completed' || event.type === 'response.incomplete') {
        onResponse?.(event.response);
      }
    },
  });
}

/** The `error` event's fields from an OpenAI error object (`{message, type, code, param}`). */
export function errorDetail(error: unknown): {
  code: string | null;
  message: string;
  param: string | null;
} {
  const detail = (typeof error === 'object' && error !== null ? error : {}) as Record<
    string,
    unknown
  >;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  return {
    code: text(detail['code']) ?? text(detail['type']) ?? 'server_error',
    message: text(detail['message']) ?? text(error) ?? 'The upstream stream failed.',
    param: text(detail['param']) ?? null,
  };
}
