import {
  functionCallItem,
  isIncomplete,
  messageItem,
  outputText,
  type ResponsesIds,
  reasoningItem,
  responseObject,
} from './openai-responses-body.js';
import type { ReplyPlan } from './reply-plan.js';
import { splitArguments, splitText } from './split-text.js';
import { sseFrame } from './sse.js';

/*
 * The Responses API's streamed events, each named by its `type` and numbered by
 * `sequence_number`, as https://platform.openai.com/docs/api-reference/responses-streaming
 * lists them.
 */

/** Numbers events of one stream and frames them as `event: <type>` SSE. */
export function eventWriter() {
  let sequence = 0;
  return (type: string, fields: Record<string, unknown>): string =>
    sseFrame({ type, sequence_number: sequence++, ...fields }, type);
}

export type EventWriter = ReturnType<typeof eventWriter>;

/** `response.created` and `response.in_progress`. */
export function openingFrames(event: EventWriter, body: any, ids: ResponsesIds, plan: ReplyPlan) {
  const response = responseObject(body, ids, plan, 'in_progress');
  return [event('response.created', { response }), event('response.in_progress', { response })];
}

/** The message item opened, its text part opened, and the text deltas (not closed). */
export function messageStartFrames(
  event: EventWriter,
  ids: ResponsesIds,
  outputIndex: number,
  text: string,
  chunks?: number,
): string[] {
  const at = { item_id: ids.message, output_index: outputIndex, content_index: 0 };
  const frames = [
    event('response.output_item.added', {
      output_index: outputIndex,
      item: messageItem(ids, undefined, 'in_progress'),
    }),
    event('response.content_part.added', { ...at, part: outputText('') }),
  ];
  for (const piece of splitText(text, chunks)) {
    frames.push(event('response.output_text.delta', { ...at, delta: piece, logprobs: [] }));
  }
  return frames;
}

/** Every event of a successful answer, up to `response.completed` (or `.incomplete`). */
export function responseFrames(
  event: EventWriter,
  body: any,
  ids: ResponsesIds,
  plan: ReplyPlan,
): string[] {
  const frames = openingFrames(event, body, ids, plan);
  let index = 0;
  if (plan.reasoning) {
    frames.push(
      event('response.output_item.added', {
        output_index: index,
        item: reasoningItem(ids, undefined),
      }),
      event('response.output_item.done', {
        output_index: index,
        item: reasoningItem(ids, plan.reasoning),
      }),
    );
    index++;
  }
  if (plan.text !== '' || plan.toolCalls.length === 0) {
    const at = { item_id: ids.message, output_index: index, content_index: 0 };
    const status = isIncomplete(plan) ? 'incomplete' : 'completed';
    frames.push(
      ...messageStartFrames(event, ids, index, plan.text, plan.chunks),
      event('response.output_text.done', { ...at, text: plan.text, logprobs: [] }),
      event('response.content_part.done', { ...at, part: outputText(plan.text) }),
      event('response.output_item.done', {
        output_index: index,
        item: messageItem(ids, plan.text, status),
      }),
    );
    index++;
  }
  plan.toolCalls.forEach((call, i) => {
    const at = { item_id: ids.calls[i], output_index: index };
    frames.push(
      event('response.output_item.added', {
        output_index: index,
        item: functionCallItem(ids, i, call.name, '', 'in_progress'),
      }),
    );
    for (const piece of splitArguments(call.arguments)) {
      frames.push(event('response.function_call_arguments.delta', { ...at, delta: piece }));
    }
    frames.push(
      event('response.function_call_arguments.done', {
        ...at,
        name: call.name,
        arguments: call.arguments,
      }),
      event('response.output_item.done', {
        output_index: index,
        item: functionCallItem(ids, i, call.name, call.arguments, 'completed'),
      }),
    );
    index++;
  });
  const response = responseObject(body, ids, plan, 'final');
  const closing = isIncomplete(plan) ? 'response.incomplete' : 'response.completed';
  frames.push(event(closing, { response }));
  return frames;
}
