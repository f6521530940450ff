import type { ChatUsage } from '../openai-chat';
import type { AnthropicUsage } from './anthropic-messages-api';

/**
 * Maps Anthropic usage to Chat usage. Anthropic's `input_tokens` excludes cached tokens, while
 * OpenAI's `prompt_tokens` includes them, so cache reads and writes are added back in. Cache
 * writes (billed above the input rate) are kept in `prompt_tokens_details.cache_write_tokens`, the
 * field OpenRouter uses for the same purpose.
 */
export function convertAnthropicUsage(usage: Partial<AnthropicUsage>): ChatUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const promptTokens = (usage.input_tokens ?? 0) + cacheRead + cacheWrite;
  const completionTokens = usage.output_tokens ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details:
      cacheWrite > 0
        ? { cached_tokens: cacheRead, cache_write_tokens: cacheWrite }
        : { cached_tokens: cacheRead },
  };
}
