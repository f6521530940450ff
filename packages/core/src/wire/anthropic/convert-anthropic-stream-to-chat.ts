import type { ChatCompletionChunk, ChatFinishReason } from '../openai-chat';
import type { SSEEvent } from '../sse';
import type {
  AnthropicContentBlock,
  AnthropicContentBlockDelta,
  AnthropicErrorDetail,
  AnthropicStreamEvent,
  AnthropicUsage,
} from './anthropic-messages-api';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

/** Options of {@link createAnthropicChatConverter}. */
export interface AnthropicToChatStreamOptions {
  /** The model name reported in every chunk. */
  model: string;
  /** Emit a final `choices: []` usage chunk (the client's `stream_options.include_usage`). */
  includeUsage?: boolean;
}

type Delta = ChatCompletionChunk['choices'][number]['delta'];

/** Where converted output goes: chunks, or the Anthropic error of an `error` event. */
export interface AnthropicChatSink {
  chunk(chunk: ChatCompletionChunk): void;
  error(detail: AnthropicErrorDetail): void;
}

/** Converts one Anthropic Messages stream, event by event, into Chat chunks (objects). */
export interface AnthropicChatConverter {
  /** Converts one parsed SSE event. Throws on a malformed event. */
  push(event: Pick<SSEEvent, 'event' | 'data'>, sink: AnthropicChatSink): void;
  /** The bytes ended: throws if the stream was cut before `message_stop`. */
  end(): void;
}

/**
 * Converts Anthropic stream events into `chat.completion.chunk`s at the object level (no SSE
 * text in between). An `error` event goes to `sink.error`; a stream that ends before
 * `message_stop` throws at `end()`.
 */
export function createAnthropicChatConverter(
  options: AnthropicToChatStreamOptions,
): AnthropicChatConverter {
  const { model, includeUsage = false } = options;
  const created = Math.floor(Date.now() / 1000);
  let id = '';
  let usage: Partial<AnthropicUsage> = {};
  let stopReason: string | null = null;
  let stopped = false;
  // Anthropic numbers all content blocks; OpenAI numbers tool calls only (0, 1, 2, …).
  const toolIndexByBlock = new Map<number, number>();

  const chunk = (delta: Delta, finishReason: ChatFinishReason | null = null) => {
    const result: ChatCompletionChunk = {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    };
    // With include_usage, OpenAI sends `usage: null` on every chunk but the last.
    if (includeUsage) result.usage = null;
    return result;
  };

  const onBlockStart = (index: number, block: AnthropicContentBlock): Delta | undefined => {
    if (block.type === 'tool_use') {
      const toolIndex = toolIndexByBlock.size;
      toolIndexByBlock.set(index, toolIndex);
      return {
        tool_calls: [
          {
            index: toolIndex,
            id: block.id,
            type: 'function',
            function: { name: block.name, arguments: '' },
          },
        ],
      };
    }
    // Text blocks start empty; content arrives in deltas.
    if (block.type === 'text' && block.text.length > 0) return { content: block.text };
    return undefined;
  };

  const onBlockDelta = (index: number, delta: AnthropicContentBlockDelta): Delta | undefined => {
    switch (delta.type) {
      case 'text_delta':
        return { content: delta.text };
      case 'thinking_delta':
        return { reasoning_content: delta.thinking };
      case 'input_json_delta': {
        const toolIndex = toolIndexByBlock.get(index);
        if (toolIndex === undefined || delta.partial_json.length === 0) return undefined;
        return { tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json } }] };
      }
      default:
        // signature_delta, citations_delta: no Chat equivalent.
        return undefined;
    }
  };

  return {
    push(sse, sink) {
      const event = parseEvent(sse);
      switch (event.type) {
        case 'message_start':
          id = event.message.id;
          usage = { ...event.message.usage };
          sink.chunk(chunk({ role: 'assistant', content: '' }));
          break;
        case 'content_block_start': {
          const delta = onBlockStart(event.index, event.content_block);
          if (delta !== undefined) sink.chunk(chunk(delta));
          break;
        }
        case 'content_block_delta': {
          const delta = onBlockDelta(event.index, event.delta);
          if (delta !== undefined) sink.chunk(chunk(delta));
          break;
        }
        case 'message_delta':
          stopReason = event.delta.stop_reason;
          // message_delta usage is cumulative; it may restate input and cache counts too.
          usage = { ...usage, ...definedFields(event.usage) };
          break;
        case 'message_stop':
          stopped = true;
          sink.chunk(chunk({}, mapAnthropicStopReason(stopReason)));
          if (includeUsage) {
            sink.chunk({ ...chunk({}), choices: [], usage: convertAnthropicUsage(usage) });
          }
          break;
        case 'error':
          sink.error(event.error);
          break;
        default:
          // ping, content_block_stop and future event types carry nothing for Chat.
          break;
      }
    },
    end() {
      if (!stopped) throw new Error('Anthropic stream ended before message_stop.');
    },
  };
}

function parseEvent(sse: Pick<SSEEvent, 'event' | 'data'>): AnthropicStreamEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(sse.data);
  } catch {
    throw new Error(`Malformed Anthropic stream event ${sse.event ?? ''}: invalid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error(`Malformed Anthropic stream event ${sse.event ?? ''}: not an object.`);
  }
  // The payload's own `type` is authoritative; the SSE event name is a fallback.
  const type = (parsed as { type?: unknown }).type ?? sse.event;
  return { ...parsed, type } as AnthropicStreamEvent;
}

function definedFields<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v != null)) as Partial<T>;
}
