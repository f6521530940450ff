import { translateChatSSE } from '../translate-chat-stream';
import { anthropicErrorTypeOfOpenAI } from './anthropic-error-body';
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
  return translateChatSSE(chat, createChatAnthropicStreamConverter(options), { errorDetail });
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
