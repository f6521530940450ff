import type { ReplyPlan } from './reply-plan.js';

/**
 * Anthropic `usage`. Its `input_tokens` excludes cache reads, so the plan's cached tokens move
 * to `cache_read_input_tokens`. Anthropic always reports usage, so `usage: false` is ignored.
 */
export function anthropicUsage(plan: ReplyPlan) {
  const { input, output, cached } = plan.usage;
  return {
    input_tokens: Math.max(0, input - cached),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    output_tokens: output,
    service_tier: 'standard',
  };
}
