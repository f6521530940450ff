import type { ChatCompletion } from '../openai-chat';
import { convertChatUsageToResponses } from './convert-chat-usage-to-responses';
import type {
  ResponsesOutputItem,
  ResponsesOutputMessage,
  ResponsesResponse,
} from './responses-api';
import { responsesId } from './responses-ids';
import type { ResponsesCreateRequest } from './responses-request-schema';
import { responsesShell, responsesStatusOf, unixSeconds } from './responses-shell';

/**
 * Converts a `chat.completion` into a Responses API response object: reasoning text (when the
 * upstream exposes it) as a `reasoning` item, the text and refusal as one assistant `message`
 * (`output_text` / `refusal` parts), then each tool call as a `function_call` item whose
 * `call_id` is the Chat tool call id (what the client's `function_call_output` names next turn).
 * `finish_reason: length` makes the response `incomplete` (`max_output_tokens`).
 * https://platform.openai.com/docs/api-reference/responses/object
 */
export function convertChatResponseToResponses(
  completion: ChatCompletion,
  request: ResponsesCreateRequest,
): ResponsesResponse {
  const choice = completion.choices[0];
  const message = choice?.message;
  const { status, incomplete_details } = responsesStatusOf(choice?.finish_reason);
  const itemStatus = status === 'incomplete' ? 'incomplete' : 'completed';
  const output: ResponsesOutputItem[] = [];
  const reasoning = message?.reasoning_content;
  if (typeof reasoning === 'string' && reasoning.length > 0) {
    output.push({
      type: 'reasoning',
      id: responsesId('rs'),
      summary: [],
      content: [{ type: 'reasoning_text', text: reasoning }],
    });
  }
  const content: ResponsesOutputMessage['content'] = [];
  if (typeof message?.content === 'string' && message.content.length > 0) {
    content.push({ type: 'output_text', text: message.content, annotations: [], logprobs: [] });
  }
  if (typeof message?.refusal === 'string' && message.refusal.length > 0) {
    content.push({ type: 'refusal', refusal: message.refusal });
  }
  // A message item even when empty, unless the turn is only tool calls (as OpenAI answers).
  if (content.length > 0 || !message?.tool_calls?.length) {
    output.push({
      type: 'message',
      id: responsesId('msg'),
      status: itemStatus,
      role: 'assistant',
      content,
    });
  }
  for (const call of message?.tool_calls ?? []) {
    output.push({
      type: 'function_call',
      id: responsesId('fc'),
      call_id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
      status: 'completed',
    });
  }
  return {
    ...responsesShell(request, {
      id: responsesId('resp'),
      model: completion.model || request.model,
      createdAt: completion.created || unixSeconds(),
    }),
    status,
    incomplete_details,
    output,
    usage: convertChatUsageToResponses(completion.usage),
  };
}
