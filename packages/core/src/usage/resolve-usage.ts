import { tokensOfChars } from './estimate-tokens';
import type { TokenUsage } from './gateway-event';

/**
 * A call's usage as its upstream reported it, or, when it reported none, an estimate from the
 * prompt and the characters generated, flagged `usageEstimated`.
 */
export function resolveUsage(
  reported: TokenUsage | undefined,
  estimateInputTokens: () => number,
  outputChars: () => number,
): { usage: TokenUsage; usageEstimated: boolean } {
  if (reported) return { usage: reported, usageEstimated: false };
  return {
    usage: { inputTokens: estimateInputTokens(), outputTokens: tokensOfChars(outputChars()) },
    usageEstimated: true,
  };
}
