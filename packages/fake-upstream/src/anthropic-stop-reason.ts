import type { ReplyPlan } from './reply-plan.js';

const TO_ANTHROPIC: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

/** `stop_reason` for a plan; accepts OpenAI names so one behaviour fits both fakes. */
export function anthropicStopReason(plan: ReplyPlan): string {
  if (plan.finishReason) return TO_ANTHROPIC[plan.finishReason] ?? plan.finishReason;
  return plan.toolCalls.length > 0 ? 'tool_use' : 'end_turn';
}
