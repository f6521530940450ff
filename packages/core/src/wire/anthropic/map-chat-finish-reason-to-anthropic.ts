import type { AnthropicStopReason } from './anthropic-messages-api';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

// Anthropic's stop reasons in order of preference when several map to one Chat reason: the
// inverse is derived from `mapAnthropicStopReason`, so the two directions cannot drift apart.
// https://docs.anthropic.com/en/api/handling-stop-reasons
const PREFERRED: readonly AnthropicStopReason[] = ['end_turn', 'max_tokens', 'tool_use', 'refusal'];

const BY_FINISH_REASON = new Map<string, AnthropicStopReason>();
for (const reason of PREFERRED) {
  const finish = mapAnthropicStopReason(reason);
  if (!BY_FINISH_REASON.has(finish)) BY_FINISH_REASON.set(finish, reason);
}
// The legacy `function_call` is a tool call too.
BY_FINISH_REASON.set('function_call', 'tool_use');

/**
 * Maps an OpenAI `finish_reason` to an Anthropic `stop_reason`: `stop` → `end_turn`,
 * `length` → `max_tokens`, `tool_calls` → `tool_use`, `content_filter` → `refusal`. Chat does
 * not say whether a stop sequence matched, so `stop_sequence` is never produced.
 */
export function mapChatFinishReasonToAnthropic(
  finishReason: string | null | undefined,
): AnthropicStopReason {
  return (finishReason && BY_FINISH_REASON.get(finishReason)) || 'end_turn';
}
