import { InvalidRequestError } from '../../errors/invalid-request-error';
import type { ChatCompletionRequest } from '../openai-chat';
import { convertResponsesInputToChat } from './convert-responses-input-to-chat';
import { convertResponsesToolsToChat } from './convert-responses-tools-to-chat';
import type { ResponsesCreateRequest } from './responses-request-schema';

/**
 * Fields that name state the Responses API keeps (earlier responses, conversations, stored
 * prompts, background jobs): a model served through Chat Completions has none of it.
 */
const STATEFUL_FIELDS = ['previous_response_id', 'conversation', 'prompt', 'background'] as const;

/**
 * Converts a Responses create request into a Chat Completions request, so that the chat engine
 * serves `POST /v1/responses` with models whose provider has no Responses API (the answer is
 * translated back by `convertChatResponseToResponses` / `createChatResponsesStreamConverter`).
 * https://platform.openai.com/docs/api-reference/responses/create
 *
 * Mapped: `instructions` and `input` (see `convertResponsesInputToChat`), function tools,
 * `tool_choice`, `parallel_tool_calls`, `max_output_tokens` → `max_tokens`, `temperature`,
 * `top_p`, `text.format` (json_schema / json_object) → `response_format`, `reasoning.effort` →
 * `reasoning_effort`, `metadata`, `user` (or `safety_identifier`), `stream` (always with usage,
 * which the Responses stream reports in `response.completed`).
 *
 * Refused with a 400: `previous_response_id`, `conversation`, `prompt` and `background` (state
 * only the Responses API keeps: send the whole history instead), built-in tools and items.
 * Dropped: `store` (nothing is stored), `include`, `truncation`, `max_tool_calls`, `service_tier`.
 */
export function convertResponsesRequestToChat(
  request: ResponsesCreateRequest,
  options: { model?: string | undefined } = {},
): ChatCompletionRequest {
  for (const field of STATEFUL_FIELDS) {
    const value = request[field];
    if (value !== undefined && value !== null && value !== false) throw statefulField(field);
  }
  if (request.input === undefined) {
    throw new InvalidRequestError({
      code: 'missing_required_parameter',
      param: 'input',
      message: "Missing required parameter: 'input'.",
    });
  }
  const body: ChatCompletionRequest = {
    model: options.model ?? request.model,
    messages: convertResponsesInputToChat(request),
    ...convertResponsesToolsToChat(request),
  };
  if (body.messages.length === 0) {
    throw new InvalidRequestError({
      code: 'invalid_value',
      param: 'input',
      message: 'input: expected at least one message or function call output.',
    });
  }
  if (typeof request.max_output_tokens === 'number') body.max_tokens = request.max_output_tokens;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  const format = request.text?.format;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    const { type: _type, ...schema } = format;
    body.response_format = { type: 'json_schema', json_schema: schema };
  }
  const effort = request.reasoning?.effort;
  if (typeof effort === 'string') body.reasoning_effort = effort;
  if (request.metadata && Object.keys(request.metadata).length > 0) {
    body.metadata = request.metadata;
  }
  const user = request.user ?? request.safety_identifier ?? undefined;
  if (typeof user === 'string' && user.length > 0) body.user = user;
  if (request.stream === true) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

function statefulField(field: (typeof STATEFUL_FIELDS)[number]): InvalidRequestError {
  return new InvalidRequestError({
    code: 'unsupported_parameter',
    param: field,
    message:
      `${field}: this model's provider has no Responses API, so Stereos serves it through ` +
      'Chat Completions, which keeps no state between calls. Send the whole conversation in ' +
      '`input` instead (earlier outputs as items), or use a model of a provider that serves ' +
      'the Responses API (OpenAI, Azure, OpenRouter, Vercel, Groq, xAI).',
  });
}
