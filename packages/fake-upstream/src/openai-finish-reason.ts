import type { ReplyPlan } from './reply-plan.js';

const FROM_ANTHROPIC: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
};

/** `finish_reason` for a plan; accepts Anthropic names so one behaviour fits both fakes. */
export function openAiFinishReason(plan: ReplyPlan): string {
  if (plan.finishReason) return FROM_ANTHROPIC[plan.finishReason] ?? plan.finishReason;
  return plan.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}
