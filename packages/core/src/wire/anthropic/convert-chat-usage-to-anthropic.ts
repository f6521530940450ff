import type { ChatUsage } from '../openai-chat';
import type { AnthropicUsage } from './anthropic-messages-api';

/**
 * Maps Chat usage to Anthropic usage, the inverse of `convertAnthropicUsage`: OpenAI's
 * `prompt_tokens` includes cached tokens while Anthropic's `input_tokens` does not, so cache
 * reads (`cached_tokens`) and writes (`cache_write_tokens`, as OpenRouter and Stereos' Anthropic
 * translation report them) are taken out and reported in their own fields.
 * https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function convertChatUsageToAnthropic(usage: ChatUsage | null | undefined): AnthropicUsage {
  const details = usage?.prompt_tokens_details;
  const cacheRead = details?.cached_tokens ?? 0;
  const cacheWrite = details?.cache_write_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}
