import { describe, expect, it } from 'vitest';
import { collect, streamOf } from '../fixtures/streams';
import type { ChatCompletionChunk } from '../openai-chat';
import { chatCompletionChunkSchema } from '../openai-chat';
import type { AnthropicStreamEvent } from './anthropic-messages-api';
import { AnthropicStreamError } from './anthropic-stream-error';
import { createAnthropicToChatStream } from './convert-anthropic-stream-to-chat';
import {
  overloadedErrorEvent,
  parallelToolStreamEvents,
  textStreamEvents,
  toSSEEvents,
} from './fixtures/anthropic-docs-fixtures';

async function convert(
  events: AnthropicStreamEvent[],
  includeUsage = false,
): Promise<ChatCompletionChunk[]> {
  const stream = streamOf(toSSEEvents(events)).pipeThrough(
    createAnthropicToChatStream({ model: 'anthropic/claude', includeUsage }),
  );
  return collect(stream);
}

const choices = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]);

describe('createAnthropicToChatStream', () => {
  it('converts a text stream', async () => {
    const chunks = await convert(textStreamEvents);
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

  it('adds a usage chunk only when asked', async () => {
    const chunks = await convert(textStreamEvents, true);
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

  it('numbers parallel tool calls 0 and 1 and streams their arguments', async () => {
    const chunks = await convert(parallelToolStreamEvents, true);
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

  it('streams thinking as reasoning_content', async () => {
    const [start, ...rest] = textStreamEvents;
    const chunks = await convert([
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

  it('errors with the Anthropic error on an error event', async () => {
    const events = [...textStreamEvents.slice(0, 4), overloadedErrorEvent];
    const failure = convert(events);
    await expect(failure).rejects.toBeInstanceOf(AnthropicStreamError);
    await expect(failure).rejects.toMatchObject({
      errorType: 'overloaded_error',
      message: 'Overloaded',
    });
  });

  it('errors when the stream ends before message_stop', async () => {
    await expect(convert(textStreamEvents.slice(0, 5))).rejects.toThrow(/message_stop/);
  });

  it('uses the payload type when the SSE event name is missing', async () => {
    const events = textStreamEvents.map((event) => ({ data: JSON.stringify(event) }));
    const chunks = await collect(
      streamOf(events).pipeThrough(createAnthropicToChatStream({ model: 'm' })),
    );
    expect(chunks).toHaveLength(4);
  });
});
