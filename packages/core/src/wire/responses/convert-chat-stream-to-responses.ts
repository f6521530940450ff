import type { ChatCompletionChunk } from '../openai-chat';
import {
  type ChatChunkDelta,
  type ChatStreamConverter,
  type ChatStreamDialect,
  type ChatStreamState,
  createChatStreamConverter,
} from '../translate-chat-stream';
import { convertChatUsageToResponses } from './convert-chat-usage-to-responses';
import type {
  ResponsesFunctionCall,
  ResponsesOutputItem,
  ResponsesOutputMessage,
  ResponsesOutputRefusal,
  ResponsesOutputText,
  ResponsesReasoningItem,
  ResponsesReasoningText,
  ResponsesResponse,
  ResponsesStreamEvent,
} from './responses-api';
import { responsesId } from './responses-ids';
import type { ResponsesCreateRequest } from './responses-request-schema';
import { responsesShell, responsesStatusOf, unixSeconds } from './responses-shell';

/** The fields of a Responses stream's `error` event. */
export interface ResponsesStreamErrorDetail {
  code: string | null;
  message: string;
  param: string | null;
}

/**
 * Converts one Chat stream, chunk by chunk, into Responses stream events (objects): `end` closes
 * the response (`response.completed` or `response.incomplete`); `error` is an `error` event for a
 * failure after the stream started, nothing following it.
 */
export type ChatResponsesStreamConverter = ChatStreamConverter<
  ResponsesStreamEvent,
  ResponsesStreamErrorDetail
>;

/** Events without their `sequence_number` (the converter numbers them). */
type Unsequenced<E> = E extends unknown ? Omit<E, 'sequence_number'> : never;
type Event = Unsequenced<ResponsesStreamEvent>;

type Part = ResponsesOutputText | ResponsesOutputRefusal | ResponsesReasoningText;

/** The output item being written (a message or reasoning), and its open content part. */
interface OpenItem {
  index: number;
  item: ResponsesOutputMessage | ResponsesReasoningItem;
  part: { index: number; value: Part } | undefined;
}

/**
 * Converts `chat.completion.chunk`s into the Responses API's streamed event sequence, numbered by
 * `sequence_number` from 0, as OpenAI sends it:
 * https://platform.openai.com/docs/api-reference/responses-streaming
 *
 * `response.created` and `response.in_progress` open it; text is a `message` item
 * (`response.output_item.added`, `response.content_part.added`, `response.output_text.delta`…,
 * `response.output_text.done`, `response.content_part.done`, `response.output_item.done`);
 * refusals are a `refusal` part of it; reasoning text (when the upstream exposes it) a `reasoning`
 * item with `reasoning_text`; each Chat tool call a `function_call` item
 * (`response.function_call_arguments.delta`…, `.done`) whose `call_id` is the Chat id. Usage
 * arrives on Chat's last chunk, so it is reported in the closing `response.completed` (or
 * `response.incomplete` for `finish_reason: length`), whose `output` holds every item.
 *
 * Tool calls stay open until the finish reason (Chat may interleave the arguments of parallel
 * calls); text or reasoning after a tool call opens a new item.
 */
export function createChatResponsesStreamConverter(
  request: ResponsesCreateRequest,
  options: { id?: string | undefined } = {},
): ChatResponsesStreamConverter {
  return createChatStreamConverter((state) => responsesDialect(state, request, options));
}

function responsesDialect(
  state: ChatStreamState,
  request: ResponsesCreateRequest,
  options: { id?: string | undefined },
): ChatStreamDialect<ResponsesStreamEvent, ResponsesStreamErrorDetail> {
  let sequence = 0;
  let shell: ResponsesResponse | undefined;
  const output: ResponsesOutputItem[] = [];
  let open: OpenItem | undefined;
  const calls = new Map<number, { index: number; item: ResponsesFunctionCall }>();
  const openCalls: { index: number; item: ResponsesFunctionCall }[] = [];

  const emit = (out: ResponsesStreamEvent[], event: Event) => {
    out.push({ ...event, sequence_number: sequence++ } as ResponsesStreamEvent);
  };
  const itemStatus = () =>
    responsesStatusOf(state.finishReason).status === 'incomplete' ? 'incomplete' : 'completed';

  const start = (chunk: Partial<ChatCompletionChunk>, out: ResponsesStreamEvent[]) => {
    shell = responsesShell(request, {
      id: options.id ?? responsesId('resp'),
      model: chunk.model || request.model,
      createdAt: chunk.created || unixSeconds(),
    });
    emit(out, { type: 'response.created', response: structuredClone(shell) });
    emit(out, { type: 'response.in_progress', response: structuredClone(shell) });
  };

  const addItem = (item: ResponsesOutputItem, out: ResponsesStreamEvent[]) => {
    output.push(item);
    const index = output.length - 1;
    emit(out, { type: 'response.output_item.added', output_index: index, item: clone(item) });
    return index;
  };

  const closePart = (current: OpenItem, out: ResponsesStreamEvent[]) => {
    const { part } = current;
    if (!part) return;
    current.part = undefined;
    const at = { item_id: current.item.id, output_index: current.index, content_index: part.index };
    const value = part.value;
    if (value.type === 'output_text') {
      emit(out, { type: 'response.output_text.done', ...at, text: value.text, logprobs: [] });
    } else if (value.type === 'refusal') {
      emit(out, { type: 'response.refusal.done', ...at, refusal: value.refusal });
    } else {
      emit(out, { type: 'response.reasoning_text.done', ...at, text: value.text });
    }
    emit(out, { type: 'response.content_part.done', ...at, part: { ...value } });
  };

  const closeOpen = (out: ResponsesStreamEvent[]) => {
    if (!open) return;
    const current = open;
    open = undefined;
    closePart(current, out);
    current.item.status = itemStatus();
    emit(out, {
      type: 'response.output_item.done',
      output_index: current.index,
      item: clone(current.item),
    });
  };

  const closeCalls = (out: ResponsesStreamEvent[]) => {
    for (const { index, item } of openCalls.splice(0)) {
      item.status = 'completed';
      const at = { item_id: item.id, output_index: index };
      emit(out, {
        type: 'response.function_call_arguments.done',
        ...at,
        name: item.name,
        arguments: item.arguments,
      });
      emit(out, { type: 'response.output_item.done', output_index: index, item: clone(item) });
    }
  };

  /** The open part of kind `type` in an open item of kind `kind`, opened when needed. */
  const partFor = (type: Part['type'], out: ResponsesStreamEvent[]): OpenItem => {
    const kind = type === 'reasoning_text' ? 'reasoning' : 'message';
    if (open?.item.type !== kind) {
      closeOpen(out);
      const item: ResponsesOutputMessage | ResponsesReasoningItem =
        kind === 'message'
          ? {
              type: 'message',
              id: responsesId('msg'),
              status: 'in_progress',
              role: 'assistant',
              content: [],
            }
          : { type: 'reasoning', id: responsesId('rs'), summary: [], content: [] };
      open = { index: addItem(item, out), item, part: undefined };
    }
    const current = open as OpenItem;
    if (current.part?.value.type === type) return current;
    closePart(current, out);
    const value: Part =
      type === 'output_text'
        ? { type, text: '', annotations: [], logprobs: [] }
        : type === 'refusal'
          ? { type, refusal: '' }
          : { type, text: '' };
    const content = (current.item.content ?? []) as Part[];
    content.push(value);
    current.item.content = content as never;
    current.part = { index: content.length - 1, value };
    emit(out, {
      type: 'response.content_part.added',
      item_id: current.item.id,
      output_index: current.index,
      content_index: current.part.index,
      part: { ...value },
    });
    return current;
  };

  const delta = (type: Part['type'], text: string, out: ResponsesStreamEvent[]) => {
    const current = partFor(type, out);
    const part = current.part as { index: number; value: Part };
    const at = { item_id: current.item.id, output_index: current.index, content_index: part.index };
    const value = part.value;
    if (value.type === 'output_text') {
      value.text += text;
      emit(out, { type: 'response.output_text.delta', ...at, delta: text, logprobs: [] });
    } else if (value.type === 'refusal') {
      value.refusal += text;
      emit(out, { type: 'response.refusal.delta', ...at, delta: text });
    } else {
      value.text += text;
      emit(out, { type: 'response.reasoning_text.delta', ...at, delta: text });
    }
  };

  const toolCall = (
    call: NonNullable<ChatChunkDelta['tool_calls']>[number],
    out: ResponsesStreamEvent[],
  ) => {
    let entry = calls.get(call.index);
    if (!entry) {
      closeOpen(out);
      const item: ResponsesFunctionCall = {
        type: 'function_call',
        id: responsesId('fc'),
        call_id: call.id ?? `call_${crypto.randomUUID().replaceAll('-', '')}`,
        name: call.function?.name ?? '',
        arguments: '',
        status: 'in_progress',
      };
      entry = { index: addItem(item, out), item };
      calls.set(call.index, entry);
      openCalls.push(entry);
    } else if (call.function?.name && !entry.item.name) {
      entry.item.name = call.function.name;
    }
    const piece = call.function?.arguments;
    if (piece) {
      entry.item.arguments += piece;
      emit(out, {
        type: 'response.function_call_arguments.delta',
        item_id: entry.item.id,
        output_index: entry.index,
        delta: piece,
      });
    }
  };

  return {
    start,
    delta(d, out) {
      if (typeof d.reasoning_content === 'string' && d.reasoning_content.length > 0) {
        delta('reasoning_text', d.reasoning_content, out);
      }
      if (typeof d.content === 'string' && d.content.length > 0)
        delta('output_text', d.content, out);
      if (typeof d.refusal === 'string' && d.refusal.length > 0) delta('refusal', d.refusal, out);
      for (const call of d.tool_calls ?? []) toolCall(call, out);
    },
    finish(out) {
      closeOpen(out);
      closeCalls(out);
    },
    end(out) {
      closeOpen(out);
      closeCalls(out);
      const { status, incomplete_details } = responsesStatusOf(state.finishReason);
      const response: ResponsesResponse = {
        ...(shell as ResponsesResponse),
        status,
        incomplete_details,
        output: output.map(clone),
        usage: convertChatUsageToResponses(state.usage),
      };
      emit(out, {
        type: status === 'incomplete' ? 'response.incomplete' : 'response.completed',
        response,
      });
    },
    error(detail, out) {
      emit(out, { type: 'error', ...detail });
    },
  };
}

function clone<T extends ResponsesOutputItem>(item: T): T {
  return structuredClone(item);
}
