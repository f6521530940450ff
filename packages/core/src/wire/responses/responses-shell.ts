import type { ResponsesResponse } from './responses-api';
import type { ResponsesCreateRequest } from './responses-request-schema';

/**
 * The response object around a translated answer, with the request's settings echoed as the
 * Responses API echoes them (`instructions`, `tools`, `temperature`, …), `status: in_progress`
 * and no output yet. https://platform.openai.com/docs/api-reference/responses/object
 */
export function responsesShell(
  request: ResponsesCreateRequest,
  fields: { id: string; model: string; createdAt: number },
): ResponsesResponse {
  const format = request.text?.format ?? { type: 'text' };
  return {
    id: fields.id,
    object: 'response',
    created_at: fields.createdAt,
    status: 'in_progress',
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: fields.model,
    output: [],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: null },
    // Nothing is stored: a translated response cannot be retrieved or continued by id.
    store: false,
    temperature: request.temperature ?? null,
    text: { format },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? null,
    truncation: 'disabled',
    usage: null,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

/**
 * A response's final status for a Chat finish reason: `length` is `incomplete` for
 * `max_output_tokens`, `content_filter` is `incomplete` for `content_filter`, anything else
 * `completed`.
 */
export function responsesStatusOf(
  finishReason: string | null | undefined,
): Pick<ResponsesResponse, 'status' | 'incomplete_details'> {
  if (finishReason === 'length') {
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  }
  if (finishReason === 'content_filter') {
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  }
  return { status: 'completed', incomplete_details: null };
}

/** Unix seconds, as `created_at`. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
