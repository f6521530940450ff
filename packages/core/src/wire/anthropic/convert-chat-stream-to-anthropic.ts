import type { ChatCompletionChunk } from '../openai-chat';
import {
  type ChatStreamConverter,
  type ChatStreamDialect,
  type ChatStreamState,
  createChatStreamConverter,
} from '../translate-chat-stream';
import type {
  AnthropicContentBlock,
  AnthropicContentBlockDelta,
  AnthropicErrorDetail,
  AnthropicStreamEvent,
} from './anthropic-messages-api';
import { anthropicMessageId } from './convert-chat-response-to-anthropic';
import { convertChatUsageToAnthropic } from './convert-chat-usage-to-anthropic';
import { mapChatFinishReasonToAnthropic } from './map-chat-finish-reason-to-anthropic';

/**
 * Converts one Chat stream, chunk by chunk, into Messages stream events (objects): `end` closes
 * the message (`message_delta`, `message_stop`); `error` is an `error` event for a failure after
 * the stream started, the message left unfinished.
 */
export type ChatAnthropicStreamConverter = ChatStreamConverter<
  AnthropicStreamEvent,
  AnthropicErrorDetail
>;

type BlockKind = 'text' | 'thinking' | 'tool_use';

/**
 * Converts `chat.completion.chunk`s into the Messages event sequence: `message_start`, then
 * per content block `content_block_start` / `content_block_delta` / `content_block_stop` (text
 * as `text_delta`, reasoning as `thinking_delta`, tool calls as `tool_use` blocks with
 * `input_json_delta`), then `message_delta` (stop reason and cumulative usage) and
 * `message_stop`. The inverse of `createAnthropicChatConverter`.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming
 *
 * Blocks are opened one at a time, as Anthropic streams them: text after a tool call opens a
 * new text block, each new tool call index opens a new `tool_use` block. Usage arrives on
 * Chat's last chunk, so `message_start` reports zero tokens and `message_delta` the real ones
 * (clients take the `message_delta` counts, which the API documents as cumulative).
 */
export function createChatAnthropicStreamConverter(
  options: { model?: string | undefined } = {},
): ChatAnthropicStreamConverter {
  return createChatStreamConverter((state) => anthropicDialect(state, options));
}

function anthropicDialect(
  state: ChatStreamState,
  options: { model?: string | undefined },
): ChatStreamDialect<AnthropicStreamEvent, AnthropicErrorDetail> {
  let nextIndex = 0;
  let open: { index: number; kind: BlockKind } | undefined;
  const toolBlocks = new Map<number, number>();

  const start = (chunk: Partial<ChatCompletionChunk>, out: AnthropicStreamEvent[]) => {
    out.push({
      type: 'message_start',
      message: {
        id: anthropicMessageId(chunk.id),
        type: 'message',
        role: 'assistant',
        model: options.model ?? chunk.model ?? '',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  };
  const close = (out: AnthropicStreamEvent[]) => {
    if (open === undefined) return;
    out.push({ type: 'content_block_stop', index: open.index });
    open = undefined;
  };
  const openBlock = (
    kind: BlockKind,
    block: AnthropicContentBlock,
    out: AnthropicStreamEvent[],
  ) => {
    close(out);
    open = { index: nextIndex++, kind };
    out.push({ type: 'content_block_start', index: open.index, content_block: block });
    return open.index;
  };
  const delta = (index: number, value: AnthropicContentBlockDelta, out: AnthropicStreamEvent[]) => {
    out.push({ type: 'content_block_delta', index, delta: value });
  };
  const textOf = (kind: 'text' | 'thinking', text: string, out: AnthropicStreamEvent[]) => {
    const index =
      open?.kind === kind
        ? open.index
        : openBlock(
            kind,
            kind === 'text'
              ? { type: 'text', text: '' }
              : { type: 'thinking', thinking: '', signature: '' },
            out,
          );
    delta(
      index,
      kind === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text },
      out,
    );
  };

  return {
    start,
    delta(d, out) {
      if (typeof d.reasoning_content === 'string' && d.reasoning_content.length > 0) {
        textOf('thinking', d.reasoning_content, out);
      }
      const text = d.content || d.refusal;
      if (typeof text === 'string' && text.length > 0) textOf('text', text, out);
      for (const call of d.tool_calls ?? []) {
        let index = toolBlocks.get(call.index);
        if (index === undefined) {
          index = openBlock(
            'tool_use',
            {
              type: 'tool_use',
              id: call.id ?? `toolu_${crypto.randomUUID().replaceAll('-', '')}`,
              name: call.function?.name ?? '',
              input: {},
            },
            out,
          );
          toolBlocks.set(call.index, index);
        }
        const partial = call.function?.arguments;
        if (partial) delta(index, { type: 'input_json_delta', partial_json: partial }, out);
      }
    },
    finish: close,
    end(out) {
      close(out);
      const { input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens } =
        convertChatUsageToAnthropic(state.usage);
      out.push({
        type: 'message_delta',
        delta: {
          stop_reason: mapChatFinishReasonToAnthropic(state.finishReason),
          stop_sequence: null,
        },
        usage: {
          input_tokens,
          output_tokens,
          cache_creation_input_tokens,
          cache_read_input_tokens,
        },
      });
      out.push({ type: 'message_stop' });
    },
    error(detail, out) {
      out.push({ type: 'error', error: detail });
    },
  };
}
