import type {
  LanguageModelV2CallOptions,
  LanguageModelV2Content,
  LanguageModelV2Usage,
} from '@ai-sdk/provider';
import { estimatePromptTokens, type TokenUsage } from '@stereos/core';

/** Reported usage, or an estimate (flagged) when the upstream sent none. */
export function resolveUsage(
  usage: LanguageModelV2Usage | undefined,
  estimate: () => TokenUsage,
): { usage: TokenUsage; estimated: boolean } {
  if (usage?.inputTokens === undefined && usage?.outputTokens === undefined) {
    return { usage: estimate(), estimated: true };
  }
  return {
    usage: {
      inputTokens: usage.inputTokens ?? 0,
      outputTokens: usage.outputTokens ?? 0,
      cachedInputTokens: usage.cachedInputTokens,
      reasoningTokens: usage.reasoningTokens,
    },
    estimated: false,
  };
}

/** Estimated input tokens of a call's prompt and tools. */
export function estimateInputTokens(options: LanguageModelV2CallOptions): number {
  return estimatePromptTokens([options.prompt, options.tools ?? []]);
}

/** Characters of generated content in a `doGenerate` result. */
export function contentChars(content: readonly LanguageModelV2Content[]): number {
  let chars = 0;
  for (const part of content) {
    if (part.type === 'text' || part.type === 'reasoning') chars += part.text.length;
    else if (part.type === 'tool-call') chars += part.input.length;
  }
  return chars;
}

/** Output token estimate from a character count. */
export function outputEstimate(
  options: LanguageModelV2CallOptions,
  outputChars: number,
): TokenUsage {
  return { inputTokens: estimateInputTokens(options), outputTokens: Math.ceil(outputChars / 4) };
}
