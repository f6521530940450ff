import { newId, unixSeconds } from './ids.js';
import { contentText } from './message-text.js';
import type { ReplyPlan } from './reply-plan.js';

/*
 * The OpenAI Responses API objects the fake answers with (`POST …/v1/responses`), as
 * https://platform.openai.com/docs/api-reference/responses/object documents them.
 */

/** Ids of one answer's items, fixed before the first byte so stream and final object agree. */
export interface ResponsesIds {
  response: string;
  message: string;
  reasoning: string;
  /** `fc_…` item ids of the function calls. */
  calls: string[];
  /** `call_…` ids the client answers with `function_call_output`. */
  callIds: string[];
}

export function responsesIds(plan: ReplyPlan): ResponsesIds {
  return {
    response: newId('resp_', 48),
    message: newId('msg_', 48),
    reasoning: newId('rs_', 48),
    calls: plan.toolCalls.map(() => newId('fc_', 48)),
    callIds: plan.toolCalls.map((call) => call.id ?? newId('call_')),
  };
}

/** `incomplete` when the plan stops for length (`length` / Anthropic's `max_tokens`). */
export function isIncomplete(plan: ReplyPlan): boolean {
  return plan.finishReason === 'length' || plan.finishReason === 'max_tokens';
}

/** The response object, in progress (no output, no usage) or final. */
export function responseObject(
  body: any,
  ids: ResponsesIds,
  plan: ReplyPlan,
  state: 'in_progress' | 'final',
  createdAt: number = unixSeconds(),
) {
  const final = state === 'final';
  const incomplete = final && isIncomplete(plan);
  return {
    id: ids.response,
    object: 'response',
    created_at: createdAt,
    status: !final ? 'in_progress' : incomplete ? 'incomplete' : 'completed',
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: body?.instructions ?? null,
    max_output_tokens: body?.max_output_tokens ?? null,
    model: plan.model,
    output: final ? outputItems(ids, plan, 'completed') : [],
    parallel_tool_calls: body?.parallel_tool_calls ?? true,
    previous_response_id: body?.previous_response_id ?? null,
    reasoning: { effort: body?.reasoning?.effort ?? null, summary: null },
    service_tier: 'default',
    store: body?.store ?? true,
    temperature: body?.temperature ?? 1,
    text: { format: body?.text?.format ?? { type: 'text' }, verbosity: 'medium' },
    tool_choice: body?.tool_choice ?? 'auto',
    tools: Array.isArray(body?.tools) ? body.tools : [],
    top_p: body?.top_p ?? 1,
    truncation: 'disabled',
    usage: final && plan.reportUsage ? responsesUsage(plan) : null,
    user: body?.user ?? null,
    metadata: body?.metadata ?? {},
  };
}

/** Every output item of the answer: reasoning summary, message, function calls. */
export function outputItems(ids: ResponsesIds, plan: ReplyPlan, status: string) {
  const items: Record<string, unknown>[] = [];
  if (plan.reasoning) items.push(reasoningItem(ids, plan.reasoning));
  if (plan.text !== '' || plan.toolCalls.length === 0) {
    items.push(messageItem(ids, plan.text, isIncomplete(plan) ? 'incomplete' : status));
  }
  plan.toolCalls.forEach((call, i) => {
    items.push(functionCallItem(ids, i, call.name, call.arguments, status));
  });
  return items;
}

export function reasoningItem(ids: ResponsesIds, summary: string | undefined) {
  return {
    id: ids.reasoning,
    type: 'reasoning',
    summary: summary === undefined ? [] : [{ type: 'summary_text', text: summary }],
  };
}

export function messageItem(ids: ResponsesIds, text: string | undefined, status: string) {
  return {
    id: ids.message,
    type: 'message',
    status,
    content: text === undefined ? [] : [outputText(text)],
    role: 'assistant',
  };
}

export function outputText(text: string) {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

export function functionCallItem(
  ids: ResponsesIds,
  index: number,
  name: string,
  args: string,
  status: string,
) {
  return {
    id: ids.calls[index],
    type: 'function_call',
    status,
    arguments: args,
    call_id: ids.callIds[index],
    name,
  };
}

/** Responses usage: `input` includes `cached`, `output` includes `reasoning`. */
export function responsesUsage(plan: ReplyPlan) {
  const { usage } = plan;
  return {
    input_tokens: usage.input,
    input_tokens_details: { cached_tokens: usage.cached },
    output_tokens: usage.output,
    output_tokens_details: { reasoning_tokens: usage.reasoning },
    total_tokens: usage.input + usage.output,
  };
}

/**
 * A Chat-shaped view of a Responses request (`instructions` as `system`, items as messages), so
 * the shared reply plan echoes the last user text and estimates input tokens as for chat.
 */
export function chatViewOf(body: any): any {
  if (!body || typeof body !== 'object') return body;
  const input = body.input;
  const messages =
    typeof input === 'string'
      ? [{ role: 'user', content: input }]
      : Array.isArray(input)
        ? input.map((item: any) =>
            item?.type === 'function_call_output'
              ? { role: 'tool', content: contentText(item.output) }
              : { role: item?.role ?? item?.type, content: item?.content ?? item?.arguments },
          )
        : [];
  return { ...body, system: body.instructions ?? undefined, messages };
}
