import type { ChatCompletion, ChatToolCall } from '../openai-chat';
import type { AnthropicMessage } from './anthropic-messages-api';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

/**
 * Converts a non-streaming Messages response into a `chat.completion`. Text blocks are joined,
 * `tool_use` blocks become `tool_calls`, and thinking text is exposed as the non-standard
 * `reasoning_content`. `model` is the name reported to the client (not the upstream id).
 */
export function convertAnthropicResponseToChat(
  message: AnthropicMessage,
  model: string,
): ChatCompletion {
  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'thinking') reasoning += block.thinking;
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
    // redacted_thinking and server-tool blocks have no Chat equivalent.
  }
  const hasText = message.content.some((block) => block.type === 'text');
  const chatMessage: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: hasText ? text : null,
  };
  if (toolCalls.length > 0) chatMessage.tool_calls = toolCalls;
  if (reasoning.length > 0) chatMessage.reasoning_content = reasoning;
  return {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: chatMessage,
        finish_reason: mapAnthropicStopReason(message.stop_reason),
        logprobs: null,
      },
    ],
    usage: convertAnthropicUsage(message.usage),
  };
}
