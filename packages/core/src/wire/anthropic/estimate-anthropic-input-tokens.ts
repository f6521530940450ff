import { estimatePromptTokens } from '../../usage/estimate-tokens';
import type { AnthropicCountTokensInput } from './anthropic-messages-request-schema';
import { convertAnthropicPromptToChat } from './convert-anthropic-request-to-chat';

/**
 * The `input_tokens` answer of `POST /v1/messages/count_tokens`, estimated the way the chat
 * engine estimates a call's input (about 4 characters a token, inline images counted small),
 * over the same Chat messages and tools the call would send. It is an estimate for every
 * provider: no upstream is called. https://docs.anthropic.com/en/api/messages-count-tokens
 */
export function estimateAnthropicInputTokens(request: AnthropicCountTokensInput): number {
  const chat = convertAnthropicPromptToChat(request);
  return estimatePromptTokens([chat.messages, chat.tools ?? []]);
}
