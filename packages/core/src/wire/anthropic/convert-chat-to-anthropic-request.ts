import type { ChatCompletionRequest } from '../openai-chat';
import { WireConversionError } from '../wire-conversion-error';
import type { AnthropicMessagesRequest } from './anthropic-messages-api';
import { convertChatMessagesToAnthropic } from './convert-chat-messages-to-anthropic';
import { convertChatToolsToAnthropic } from './convert-chat-tools-to-anthropic';

/** Used when the client sets no limit: Anthropic requires `max_tokens`, OpenAI does not. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/**
 * Converts a Chat Completions request into an Anthropic Messages request for `upstreamModel`.
 * OpenAI-only parameters without an Anthropic equivalent (seed, penalties, logprobs,
 * response_format, …) are dropped; `n > 1` and unsupported content throw a
 * {@link WireConversionError}.
 */
export function convertChatToAnthropicRequest(
  req: ChatCompletionRequest,
  upstreamModel: string,
): AnthropicMessagesRequest {
  if (req.n != null && req.n > 1) {
    throw new WireConversionError('Anthropic models return a single choice; n must be 1.', {
      param: 'n',
    });
  }
  const { system, messages } = convertChatMessagesToAnthropic(req.messages);
  const result: AnthropicMessagesRequest = {
    model: upstreamModel,
    messages,
    max_tokens: req.max_tokens ?? req.max_completion_tokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
  };
  if (system.length > 0) result.system = system;
  Object.assign(result, convertChatToolsToAnthropic(req));
  const stopSequences = convertStop(req.stop);
  if (stopSequences !== undefined) result.stop_sequences = stopSequences;
  // OpenAI's temperature range is 0–2, Anthropic's 0–1: clamp rather than fail.
  if (req.temperature != null) result.temperature = Math.min(req.temperature, 1);
  if (req.top_p != null) result.top_p = req.top_p;
  // `top_k` is not an OpenAI parameter, but OpenAI-compatible clients commonly send it.
  if (typeof req['top_k'] === 'number') result.top_k = req['top_k'];
  if (req.user !== undefined) result.metadata = { user_id: req.user };
  if (req.stream === true) result.stream = true;
  return result;
}

function convertStop(stop: ChatCompletionRequest['stop']): string[] | undefined {
  if (stop == null) return undefined;
  const sequences = typeof stop === 'string' ? [stop] : stop;
  return sequences.length > 0 ? sequences : undefined;
}
