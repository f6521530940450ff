import { readSSE } from '../../upstream/read-sse';
import type { ChatCompletionChunk } from '../openai-chat';
import { encodeSSE, SSE_DONE } from '../sse';
import { anthropicErrorTypeOfOpenAI } from './anthropic-error-body';
import type { AnthropicStreamEvent } from './anthropic-messages-api';
import { createChatAnthropicStreamConverter } from './convert-chat-stream-to-anthropic';

/**
 * Re-frames a Chat Completions SSE stream (what the chat engine serves) as a Messages SSE
 * stream: each event named as Anthropic names it (`event: message_start`, …) with the same
 * `type` in its data. An in-band `{"error": …}` after the first content becomes an `error`
 * event that ends the stream, as Anthropic sends mid-stream failures.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 *
 * Events parsed from one read are written together; cancelling the result cancels `chat` (and
 * so the upstream call).
 */
export function convertChatSSEToAnthropic(
  chat: ReadableStream<Uint8Array>,
  options: { model?: string | undefined } = {},
): ReadableStream<Uint8Array> {
  const converter = createChatAnthropicStreamConverter(options);
  const emit = (events: AnthropicStreamEvent[], push: (text: string) => void) => {
    for (const event of events) push(encodeSSE({ event: event.type, data: JSON.stringify(event) }));
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

function errorDetail(error: unknown): { type: string; message: string } {
  const detail = (typeof error === 'object' && error !== null ? error : {}) as Record<
    string,
    unknown
  >;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    type: anthropicErrorTypeOfOpenAI(text(detail['type']), text(detail['code'])),
    message: text(detail['message']) ?? text(error) ?? 'The upstream stream failed.',
  };
}
