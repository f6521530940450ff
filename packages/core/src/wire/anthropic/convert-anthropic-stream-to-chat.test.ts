import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../openai-chat';
import { chatCompletionChunkSchema } from '../openai-chat';
import type { SSEEvent } from '../sse';
import type { AnthropicErrorDetail, AnthropicStreamEvent } from './anthropic-messages-api';
import { createAnthropicChatConverter } from './convert-anthropic-stream-to-chat';
import {
  overloadedErrorEvent,
  parallelToolStreamEvents,
  textStreamEvents,
  toSSEEvents,
} from './fixtures/anthropic-docs-fixtures';

/** Feeds SSE events to one converter; collects its chunks and errors, and ends it. */
function feed(
  sseEvents: Pick<SSEEvent, 'event' | 'data'>[],
  options: { model?: string; includeUsage?: boolean } = {},
) {
  const converter = createAnthropicChatConverter({
    model: options.model ?? 'anthropic/claude',
    includeUsage: options.includeUsage ?? false,
  });
  const chunks: ChatCompletionChunk[] = [];
  const errors: AnthropicErrorDetail[] = [];
  const sink = {
    chunk: (c: ChatCompletionChunk) => chunks.push(c),
    error: (e: AnthropicErrorDetail) => errors.push(e),
  };
  for (const event of sseEvents) converter.push(event, sink);
  return { chunks, errors, end: () => converter.end() };
}

/** Converts a whole stream; throws where the converter does (a cut-off stream). */
function convert(events: AnthropicStreamEvent[], includeUsage = false): ChatCompletionChunk[] {
  const result = feed(toSSEEvents(events), { includeUsage });
  result.end();
  return result.chunks;
}

const choices = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]);

describe('createAnthropicChatConverter', () => {
  it('converts a text stream', () => {
    const chunks = convert(textStreamEvents);
    expect(choices(chunks)).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null },
      { index: 0, delta: { content: 'Hello' }, finish_reason: null, logprobs: null },
      { index: 0, delta: { content: '!' }, finish_reason: null, logprobs: null },
      { index: 0, delta: {}, finish_reason: 'stop', logprobs: null },
    ]);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
        object: 'chat.completion.chunk',
        created: chunks[0]?.created,
        model: 'anthropic/claude',
      });
      expect(chunk).not.toHaveProperty('usage');
      expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    }
  });

  it('adds a usage chunk only when asked', () => {
    const chunks = convert(textStreamEvents, true);
    expect(chunks).toHaveLength(5);
    expect(chunks.slice(0, 4).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks[4]).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 25,
        completion_tokens: 15,
        total_tokens: 40,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    });
  });

  it('numbers parallel tool calls 0 and 1 and streams their arguments', () => {
    const chunks = convert(parallelToolStreamEvents, true);
    expect(choices(chunks).map((choice) => choice?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Checking both.' },
      {
        tool_calls: [
          {
            index: 0,
            id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
            type: 'function',
            function: { name: 'get_weather', arguments: '' },
          },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: ' "San Francisco, CA"}' } }] },
      {
        tool_calls: [
          {
            index: 1,
            id: 'toolu_02Pq8rM5vRm3nL2kQ9wXy7Zb',
            type: 'function',
            function: { name: 'get_time', arguments: '' },
          },
        ],
      },
      {
        tool_calls: [{ index: 1, function: { arguments: '{"timezone": "America/Los_Angeles"}' } }],
      },
      {},
      undefined,
    ]);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toEqual({
      prompt_tokens: 572,
      completion_tokens: 89,
      total_tokens: 661,
      prompt_tokens_details: { cached_tokens: 100 },
    });
  });

  it('streams thinking as reasoning_content', () => {
    const [start, ...rest] = textStreamEvents;
    const chunks = convert([
      start!,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'thinking_delta', thinking: 'Let me think.' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: 'Eq' },
      },
      { type: 'content_block_stop', index: 0 },
      ...rest.slice(-2),
    ]);
    expect(choices(chunks).map((choice) => choice?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'Let me think.' },
      {},
    ]);
  });

  it('hands the Anthropic error of an error event to the sink, after the chunks before it', () => {
    const { chunks, errors } = feed(
      toSSEEvents([...textStreamEvents.slice(0, 4), overloadedErrorEvent]),
    );
    expect(choices(chunks).map((choice) => choice?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hello' },
    ]);
    expect(errors).toEqual([{ type: 'overloaded_error', message: 'Overloaded' }]);
  });

  it('throws at end() when the stream ended before message_stop', () => {
    const { chunks, end } = feed(toSSEEvents(textStreamEvents.slice(0, 5)));
    expect(chunks.length).toBeGreaterThan(0);
    expect(end).toThrow(/message_stop/);
  });

  it('throws on a malformed event', () => {
    expect(() => feed([{ event: 'content_block_delta', data: '{"type":' }])).toThrow(
      /Malformed Anthropic stream event content_block_delta/,
    );
    expect(() => feed([{ event: 'ping', data: '42' }])).toThrow(/not an object/);
  });

  it('uses the payload type when the SSE event name is missing', () => {
    const { chunks, end } = feed(
      textStreamEvents.map((event) => ({ data: JSON.stringify(event) })),
      { model: 'm' },
    );
    end();
    expect(chunks).toHaveLength(4);
    expect(chunks.every((chunk) => chunk.model === 'm')).toBe(true);
  });
});
