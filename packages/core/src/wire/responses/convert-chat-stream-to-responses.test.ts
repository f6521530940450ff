import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../openai-chat';
import { convertChatResponseToResponses } from './convert-chat-response-to-responses';
import { convertChatSSEToResponses } from './convert-chat-sse-to-responses';
import { createChatResponsesStreamConverter } from './convert-chat-stream-to-responses';
import {
  chunk,
  parallelToolCompletion,
  parallelToolStream,
  textStream,
  usageChunk,
} from './fixtures/responses-fixtures';
import type { ResponsesOutputItem, ResponsesResponse, ResponsesStreamEvent } from './responses-api';
import {
  type ResponsesCreateRequest,
  responsesCreateRequestSchema,
} from './responses-request-schema';

const request: ResponsesCreateRequest = responsesCreateRequestSchema.parse({
  model: 'deepseek/deepseek-chat',
  input: 'hi',
  instructions: 'Be nice.',
});

function convert(chunks: ChatCompletionChunk[]): ResponsesStreamEvent[] {
  const converter = createChatResponsesStreamConverter(request);
  return [...chunks.flatMap((c) => converter.push(c)), ...converter.end()];
}

/**
 * Accumulates events as a client does (the openai SDK's ResponseStream): items by output index,
 * parts by content index, deltas appended; checks item ids and indexes on every event.
 */
function accumulate(events: ResponsesStreamEvent[]): {
  output: ResponsesOutputItem[];
  final: ResponsesResponse;
} {
  const output: any[] = [];
  let final: ResponsesResponse | undefined;
  for (const event of events) {
    if ('item_id' in event) expect(output[event.output_index]?.id).toBe(event.item_id);
    switch (event.type) {
      case 'response.output_item.added':
        expect(event.output_index).toBe(output.length);
        output.push(structuredClone(event.item));
        break;
      case 'response.content_part.added':
        expect(event.content_index).toBe(output[event.output_index].content.length);
        output[event.output_index].content.push({ ...event.part });
        break;
      case 'response.output_text.delta':
      case 'response.reasoning_text.delta':
        output[event.output_index].content[event.content_index].text += event.delta;
        break;
      case 'response.function_call_arguments.delta':
        output[event.output_index].arguments += event.delta;
        break;
      case 'response.output_item.done':
        expect({ ...event.item, status: undefined }).toEqual({
          ...output[event.output_index],
          status: undefined,
        });
        output[event.output_index] = event.item;
        break;
      case 'response.completed':
      case 'response.incomplete':
        final = event.response;
    }
  }
  return { output, final: final as ResponsesResponse };
}

describe('createChatResponsesStreamConverter', () => {
  it('emits the Responses event sequence for a text stream, numbered from 0', () => {
    const events = convert(textStream);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const created = events[0] as ResponsesStreamEvent & { response: ResponsesResponse };
    expect(created.response).toMatchObject({
      object: 'response',
      status: 'in_progress',
      output: [],
      model: 'deepseek-chat',
      instructions: 'Be nice.',
      usage: null,
    });
    const delta = events[4] as Extract<
      ResponsesStreamEvent,
      { type: 'response.output_text.delta' }
    >;
    expect(delta).toMatchObject({ output_index: 0, content_index: 0, delta: 'Hi', logprobs: [] });
    expect(events[7]).toMatchObject({ type: 'response.output_text.done', text: 'Hi there!' });
    const { output, final } = accumulate(events);
    expect(final.id).toBe(created.response.id);
    expect(final).toMatchObject({
      status: 'completed',
      incomplete_details: null,
      usage: {
        input_tokens: 37,
        output_tokens: 11,
        total_tokens: 48,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(final.output).toEqual(output);
    expect(final.output[0]).toMatchObject({
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Hi there!', annotations: [] }],
    });
  });

  it('streams parallel tool calls as function_call items with the Chat ids as call_id', () => {
    const events = convert(parallelToolStream);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const { final } = accumulate(events);
    expect(final.output).toEqual([
      expect.objectContaining({
        type: 'function_call',
        call_id: 'call_paris',
        name: 'get_weather',
        arguments: '{"location":"Paris, France"}',
        status: 'completed',
      }),
      expect.objectContaining({
        type: 'function_call',
        call_id: 'call_bogota',
        arguments: '{"location":"Bogotá, Colombia"}',
      }),
    ]);
    expect(final.usage?.total_tokens).toBe(123);
  });

  it('writes reasoning as its own item, then the text, and length as incomplete', () => {
    const events = convert([
      chunk({ reasoning_content: 'Think' }),
      chunk({ content: 'Answer' }),
      chunk({}, 'length'),
      usageChunk(5, 16),
    ]);
    const { output, final } = accumulate(events);
    expect(events.at(-1)?.type).toBe('response.incomplete');
    expect(final).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(final.output[0]).toMatchObject({ content: [{ type: 'reasoning_text', text: 'Think' }] });
    expect(final.output[1]).toMatchObject({ status: 'incomplete' });
  });

  it('ends with an error event after a late failure, nothing after it', () => {
    const converter = createChatResponsesStreamConverter(request);
    const events = [
      ...converter.push(chunk({ content: 'Hi' })),
      ...converter.error({ code: 'server_error', message: 'upstream cut', param: null }),
      ...converter.end(),
    ];
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'server_error',
      message: 'upstream cut',
      param: null,
      sequence_number: events.length - 1,
    });
  });
});

describe('convertChatSSEToResponses', () => {
  it('names each event as OpenAI does, and turns an in-band error into an error event', async () => {
    const sse = [
      ...textStream.slice(0, 2).map((c) => `data: ${JSON.stringify(c)}\n\n`),
      'data: {"error":{"message":"boom","type":"server_error","code":"upstream_error"}}\n\n',
    ].join('');
    const body = new Response(sse).body as ReadableStream<Uint8Array>;
    const text = await new Response(convertChatSSEToResponses(body, request)).text();
    const frames = text.trim().split('\n\n');
    expect(frames[0]).toMatch(/^event: response.created\ndata: \{"type":"response.created"/);
    const last = frames.at(-1) as string;
    expect(last.split('\n')[0]).toBe('event: error');
    expect(JSON.parse(last.split('\n')[1]!.slice(6))).toMatchObject({
      type: 'error',
      code: 'upstream_error',
      message: 'boom',
    });
  });
});

describe('convertChatResponseToResponses', () => {
  it('turns tool calls into function_call items and usage into Responses usage', () => {
    const response = convertChatResponseToResponses(parallelToolCompletion, request);
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'deepseek-chat',
      created_at: 1741290958,
      usage: {
        input_tokens: 82,
        input_tokens_details: { cached_tokens: 64 },
        output_tokens: 41,
        total_tokens: 123,
      },
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output).toEqual([
      expect.objectContaining({
        type: 'function_call',
        call_id: 'call_paris',
        name: 'get_weather',
      }),
      expect.objectContaining({ type: 'function_call', call_id: 'call_bogota' }),
    ]);
    expect((response.output[0] as { id: string }).id).toMatch(/^fc_/);
  });

  it('answers text as a message, and length as incomplete', () => {
    const response = convertChatResponseToResponses(
      {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'Hel' }, finish_reason: 'length' },
        ],
      },
      request,
    );
    expect(response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [
        {
          type: 'message',
          status: 'incomplete',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hel', annotations: [] }],
        },
      ],
      usage: null,
    });
  });
});
