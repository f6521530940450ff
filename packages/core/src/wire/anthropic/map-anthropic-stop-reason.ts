import type { ChatFinishReason } from '../openai-chat';
import type { AnthropicStopReason } from './anthropic-messages-api';

/** Maps an Anthropic `stop_reason` to an OpenAI `finish_reason`. */
export function mapAnthropicStopReason(
  stopReason: AnthropicStopReason | (string & {}) | null | undefined,
): ChatFinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    // end_turn, stop_sequence, pause_turn (a server tool paused the turn; the text so far is final
    // for a Chat client) and anything new all read as a normal stop.
    default:
      return 'stop';
  }
}
