import type { ChatMessage, ChatToolCall, ChatUserContentPart } from '../openai-chat';
import { WireConversionError } from '../wire-conversion-error';
import type {
  AnthropicInputBlock,
  AnthropicMessagesInput,
} from './anthropic-messages-request-schema';

/** How inbound Messages content is written as Chat. */
export interface AnthropicToChatOptions {
  /**
   * Every target speaks Anthropic: keep `cache_control` breakpoints on text, image and file
   * parts (the Chat → Anthropic translation carries them back). OpenAI-wire upstreams may reject
   * the unknown field, so they never get it.
   */
  keepCacheControl: boolean;
}

type Block = AnthropicInputBlock;
type TextPart = { type: 'text'; text: string; cache_control?: unknown };

/**
 * Converts `system` and `messages` of a Messages request into Chat messages.
 * https://docs.anthropic.com/en/api/messages (`system`, `messages`, content blocks)
 *
 * - `system` becomes one system message (text blocks joined, or kept as parts with breakpoints).
 * - `tool_result` blocks of a user turn become `tool` messages, in order, before the rest of the
 *   turn, as Chat requires results right after the assistant's `tool_calls`. Images inside a
 *   result move to a user message after the results (Chat tool messages hold text only);
 *   `is_error` has no Chat field and is dropped (the result text stays as it is).
 * - Assistant `tool_use` blocks become `tool_calls` with the same ids and `input` as JSON.
 * - Thinking blocks of earlier turns are dropped: Chat has no field for signed thinking.
 * - A mid-conversation `system` message (Claude Code sends them) stays a system message where it
 *   sits; an Anthropic target gets it hoisted into `system`, which every Claude model accepts.
 */
export function convertAnthropicMessagesToChat(
  request: Pick<AnthropicMessagesInput, 'system' | 'messages'>,
  options: AnthropicToChatOptions,
): ChatMessage[] {
  const result: ChatMessage[] = [];
  const system = convertSystem(request.system, options);
  if (system) result.push(system);
  request.messages.forEach((message, i) => {
    const path = `messages.${i}`;
    const { content } = message;
    if (message.role === 'system') {
      const system = convertSystemMessage(content, path, options);
      if (system) result.push(system);
    } else if (typeof content === 'string') {
      result.push({ role: message.role, content });
    } else if (message.role === 'assistant') {
      const assistant = convertAssistant(content, path);
      if (assistant) result.push(assistant);
    } else {
      result.push(...convertUser(content, path, options));
    }
  });
  return result;
}

function convertSystem(
  system: AnthropicMessagesInput['system'],
  options: AnthropicToChatOptions,
): ChatMessage | undefined {
  if (system === undefined) return undefined;
  if (typeof system === 'string') {
    return system.length > 0 ? { role: 'system', content: system } : undefined;
  }
  const parts = system.filter((b) => b.text.length > 0).map((b) => textPart(b, options));
  if (parts.length === 0) return undefined;
  const breakpoints = parts.some((p) => p.cache_control !== undefined);
  return {
    role: 'system',
    content: breakpoints ? parts : parts.map((p) => p.text).join('\n\n'),
  };
}

/** A mid-conversation system message: text only, as Anthropic accepts it. */
function convertSystemMessage(
  content: string | Block[],
  path: string,
  options: AnthropicToChatOptions,
): ChatMessage | undefined {
  if (typeof content === 'string') {
    return content.length > 0 ? { role: 'system', content } : undefined;
  }
  const texts = content.map((block, j) => {
    if (block.type !== 'text') {
      throw new WireConversionError('System messages hold text blocks only.', {
        param: `${path}.content.${j}.type`,
      });
    }
    return block;
  });
  return convertSystem(texts, options);
}

function convertUser(
  blocks: Block[],
  path: string,
  options: AnthropicToChatOptions,
): ChatMessage[] {
  const tools: ChatMessage[] = [];
  const parts: ChatUserContentPart[] = [];
  blocks.forEach((block, j) => {
    const at = `${path}.content.${j}`;
    switch (block.type) {
      case 'tool_result':
        tools.push(convertToolResult(block, parts, at, options));
        break;
      case 'text':
      case 'image':
      case 'document':
        parts.push(convertUserPart(block, at, options));
        break;
      case 'thinking':
      case 'redacted_thinking':
        break;
      case 'tool_use':
        throw new WireConversionError('tool_use blocks belong in assistant messages.', {
          param: `${at}.type`,
        });
    }
  });
  if (parts.length === 0) return tools;
  return [...tools, { role: 'user', content: compactParts(parts) }];
}

/** One plain text part reads as a string: the widest-supported Chat form. */
function compactParts(parts: ChatUserContentPart[]): string | ChatUserContentPart[] {
  const [only] = parts;
  if (parts.length === 1 && only?.type === 'text' && only['cache_control'] === undefined) {
    return only.text;
  }
  return parts;
}

function convertUserPart(
  block: Extract<Block, { type: 'text' | 'image' | 'document' }>,
  path: string,
  options: AnthropicToChatOptions,
): ChatUserContentPart {
  const marker = options.keepCacheControl ? cacheControlOf(block) : {};
  if (block.type === 'text') return { type: 'text', text: block.text, ...marker };
  if (block.type === 'image') {
    const { source } = block;
    const url =
      source.type === 'url' ? source.url : `data:${source.media_type};base64,${source.data}`;
    return { type: 'image_url', image_url: { url }, ...marker };
  }
  const { source } = block;
  const title = block.title ?? undefined;
  if (source.type === 'base64') {
    const file_data = `data:${source.media_type};base64,${source.data}`;
    return { type: 'file', file: { file_data, ...(title ? { filename: title } : {}) }, ...marker };
  }
  if (source.type === 'text') {
    // Plain-text documents reach OpenAI-wire models as text; Anthropic gets its document back.
    if (!options.keepCacheControl) {
      return { type: 'text', text: title ? `${title}\n\n${source.data}` : source.data };
    }
    const file_data = `data:text/plain;base64,${encodeBase64UTF8(source.data)}`;
    return { type: 'file', file: { file_data, ...(title ? { filename: title } : {}) }, ...marker };
  }
  throw new WireConversionError(
    'Documents by URL cannot be translated; send them as base64 or text sources.',
    { param: `${path}.source.type` },
  );
}

function convertToolResult(
  block: Extract<Block, { type: 'tool_result' }>,
  userParts: ChatUserContentPart[],
  path: string,
  options: AnthropicToChatOptions,
): ChatMessage {
  const marker = options.keepCacheControl ? cacheControlOf(block) : {};
  const content = block.content ?? '';
  const texts: TextPart[] = [];
  if (typeof content === 'string') texts.push({ type: 'text', text: content });
  else {
    content.forEach((inner, k) => {
      if (inner.type === 'text') texts.push(textPart(inner, options));
      else userParts.push(convertUserPart(inner, `${path}.content.${k}`, options));
    });
  }
  // A breakpoint on the result goes on its last text part, where Anthropic takes it back.
  const last = texts.at(-1);
  if (last && 'cache_control' in marker) last.cache_control = marker.cache_control;
  const plain = texts.length <= 1 && texts.every((t) => t.cache_control === undefined);
  return {
    role: 'tool',
    tool_call_id: block.tool_use_id,
    content: plain ? (texts[0]?.text ?? '') : texts,
  };
}

function convertAssistant(blocks: Block[], path: string): ChatMessage | undefined {
  const texts: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  blocks.forEach((block, j) => {
    switch (block.type) {
      case 'text':
        if (block.text.length > 0) texts.push(block.text);
        break;
      case 'tool_use':
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'thinking':
      case 'redacted_thinking':
        break;
      default:
        throw new WireConversionError(`${block.type} blocks belong in user messages.`, {
          param: `${path}.content.${j}.type`,
        });
    }
  });
  if (texts.length === 0 && toolCalls.length === 0) return undefined;
  const message: Extract<ChatMessage, { role: 'assistant' }> = {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('\n\n') : null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

function textPart(block: { text: string }, options: AnthropicToChatOptions): TextPart {
  return {
    type: 'text',
    text: block.text,
    ...(options.keepCacheControl ? cacheControlOf(block) : {}),
  };
}

function cacheControlOf(block: object): { cache_control?: unknown } {
  const value = (block as { cache_control?: unknown }).cache_control;
  return value == null ? {} : { cache_control: value };
}

function encodeBase64UTF8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
