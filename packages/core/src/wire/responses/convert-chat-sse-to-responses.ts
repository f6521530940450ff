import { readSSE } from '../../upstream/read-sse';
import type { ChatCompletionChunk } from '../openai-chat';
import { encodeSSE, SSE_DONE } from '../sse';
import { createChatResponsesStreamConverter } from './convert-chat-stream-to-responses';
import type { ResponsesResponse, ResponsesStreamEvent } from './responses-api';
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
  const converter = createChatResponsesStreamConverter(request);
  const emit = (events: ResponsesStreamEvent[], push: (text: string) => void) => {
    for (const event of events) {
      if (event.type === 'response.completed' || event.type === 'response.incomplete') {
        onResponse?.(event.response);
      }
      push(encodeSSE({ event: event.type, data: JSON.stringify(event) }));
    }
  };
  const source = readSSE<string>(chat, {
    onEvent({ data }, push) {
      if (data === SSE_DONE) return emit(converter.end(), push);
      const parsed = parseJSON(data);
      if (!parsed) return;
      if ('error' in parsed) return emit(converter.error(errorDetail(parsed['error'])), push);
      emit(converter.push(parsed as unknown as ChatCompletionChunk), push);
    },
    onEnd: (push) => emit(converter.end(), push),
  });
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await source.read();
      if (next.done) return controller.close();
      let text = next.value;
      for (let more = source.takeBuffered?.(); more !== undefined; more = source.takeBuffered?.()) {
        text += more;
      }
      controller.enqueue(encoder.encode(text));
    },
    cancel: (reason) => source.cancel(reason),
  });
}

function parseJSON(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
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
