import type { ChatUsage } from '../openai-chat';
import type { ResponsesUsage } from './responses-api';

/**
 * Chat usage as Responses usage: `prompt_tokens` → `input_tokens`, `completion_tokens` →
 * `output_tokens`, cached and reasoning tokens into their `*_details`. Null without usage.
 * https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage
 */
export function convertChatUsageToResponses(
  usage: ChatUsage | null | undefined,
): ResponsesUsage | null {
  if (!usage) return null;
  const input = usage.prompt_tokens ?? 0;
  const output = usage.completion_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: output,
    output_tokens_details: {
      reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    },
    total_tokens: usage.total_tokens ?? input + output,
  };
}
