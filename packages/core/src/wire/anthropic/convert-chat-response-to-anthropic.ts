import type { ChatCompletion } from '../openai-chat';
import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-messages-api';
import { convertChatUsageToAnthropic } from './convert-chat-usage-to-anthropic';
import { mapChatFinishReasonToAnthropic } from './map-chat-finish-reason-to-anthropic';
import { parseToolInput } from './parse-tool-input';

/**
 * Converts a `chat.completion` into a Messages API response: reasoning text (when the upstream
 * exposes it) as a `thinking` block, then the text as a `text` block, then each tool call as a
 * `tool_use` block with its id and parsed `input`. The inverse of
 * `convertAnthropicResponseToChat`. https://docs.anthropic.com/en/api/messages (Response)
 *
 * Thinking blocks carry an empty `signature`: the gateway cannot sign them, and it drops
 * thinking blocks a client sends back, so the empty signature never reaches Anthropic.
 */
export function convertChatResponseToAnthropic(completion: ChatCompletion): AnthropicMessage {
  const choice = completion.choices[0];
  const message = choice?.message;
  const content: AnthropicContentBlock[] = [];
  const reasoning = message?.reasoning_content;
  if (typeof reasoning === 'string' && reasoning.length > 0) {
    content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  }
  const text = message?.content ?? message?.refusal;
  if (typeof text === 'string' && text.length > 0) content.push({ type: 'text', text });
  for (const call of message?.tool_calls ?? []) {
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: parseToolInput(call.function.arguments),
    });
  }
  return {
    id: anthropicMessageId(completion.id),
    type: 'message',
    role: 'assistant',
    model: completion.model,
    content,
    stop_reason: mapChatFinishReasonToAnthropic(choice?.finish_reason),
    stop_sequence: null,
    usage: convertChatUsageToAnthropic(completion.usage),
  };
}

/** Anthropic message ids start `msg_`; an upstream id is kept inside one. */
export function anthropicMessageId(id: string | undefined): string {
  if (!id) return `msg_${crypto.randomUUID().replaceAll('-', '')}`;
  return id.startsWith('msg_') ? id : `msg_${id}`;
}
