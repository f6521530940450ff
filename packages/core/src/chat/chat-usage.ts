import type { TokenUsage } from '../usage/gateway-event';
import type { ChatCompletion, ChatUsage } from '../wire/openai-chat';

/** OpenAI Chat usage as token counts (cached input and reasoning are parts of the totals). */
export function tokenUsageOfChat(usage: ChatUsage): TokenUsage {
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? undefined,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? undefined,
  };
}

/** Characters of generated content in a completion, for a usage estimate. */
export function completionChars(completion: ChatCompletion): number {
  let chars = 0;
  for (const choice of completion.choices ?? []) {
    const message = choice.message as {
      content?: unknown;
      tool_calls?: { function?: { arguments?: string } }[];
    };
    if (typeof message?.content === 'string') chars += message.content.length;
    for (const call of message?.tool_calls ?? []) chars += call.function?.arguments?.length ?? 0;
  }
  return chars;
}
