import type { ChatCompletionRequest } from '../openai-chat';
import type {
  AnthropicCountTokensInput,
  AnthropicMessagesInput,
} from './anthropic-messages-request-schema';
import { convertAnthropicMessagesToChat } from './convert-anthropic-messages-to-chat';
import { convertAnthropicToolsToChat } from './convert-anthropic-tools-to-chat';

/** Options of {@link convertAnthropicRequestToChat}. */
export interface AnthropicRequestToChatOptions {
  /** The model to call, when it differs from the request's (a model map). */
  model?: string | undefined;
  /**
   * Every target of the call speaks Anthropic: keep what only the Anthropic translation reads
   * (`cache_control` breakpoints, `top_k`). OpenAI-wire upstreams may reject those fields.
   */
  anthropicTargets?: boolean | undefined;
}

/**
 * Converts an inbound Anthropic Messages request into a Chat Completions request, so one chat
 * engine serves both APIs to every provider (an Anthropic target is translated back by
 * `convertChatToAnthropicRequest`). https://docs.anthropic.com/en/api/messages
 *
 * Mapped: `system`, text, images (base64 and URL), documents (base64 PDF, text), tools and
 * `tool_choice`, `tool_use` / `tool_result` history (ids and arguments kept), `stop_sequences` →
 * `stop`, `max_tokens`, `temperature`, `top_p`, `metadata.user_id` → `user`, `stream` (always
 * with usage, which the Messages stream reports in `message_delta`).
 *
 * Not mapped: `thinking` and earlier thinking blocks (Chat has no field for signed thinking;
 * sending `thinking` without them makes Anthropic refuse tool-use turns, so both are dropped),
 * `service_tier`, `container`, `mcp_servers` and other Anthropic-only options.
 */
export function convertAnthropicRequestToChat(
  request: AnthropicMessagesInput,
  options: AnthropicRequestToChatOptions = {},
): ChatCompletionRequest {
  const anthropic = options.anthropicTargets === true;
  const body: ChatCompletionRequest = {
    ...convertAnthropicPromptToChat(request, options),
    max_tokens: request.max_tokens,
  };
  if (request.stop_sequences !== undefined && request.stop_sequences.length > 0) {
    body.stop = request.stop_sequences;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.top_p !== undefined) body.top_p = request.top_p;
  if (anthropic && request.top_k !== undefined) body['top_k'] = request.top_k;
  const user = request.metadata?.user_id;
  if (typeof user === 'string' && user.length > 0) body.user = user;
  if (request.stream === true) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

/**
 * The prompt part only (model, messages, tools): what `count_tokens` measures, and the start
 * of every converted request.
 */
export function convertAnthropicPromptToChat(
  request: AnthropicCountTokensInput,
  options: AnthropicRequestToChatOptions = {},
): ChatCompletionRequest {
  const keepCacheControl = options.anthropicTargets === true;
  return {
    model: options.model ?? request.model,
    messages: convertAnthropicMessagesToChat(request, { keepCacheControl }),
    ...convertAnthropicToolsToChat(request),
  };
}
