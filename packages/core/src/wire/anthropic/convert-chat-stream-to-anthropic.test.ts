import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../openai-chat';
import type { AnthropicMessage, AnthropicStreamEvent } from './anthropic-messages-api';
import { createAnthropicChatConverter } from './convert-anthropic-stream-to-chat';
import { createChatAnthropicStreamConverter } from './convert-chat-stream-to-anthropic';
import { parallelToolStreamEvents, toSSEEvents } from './fixtures/anthropic-docs-fixtures';

const chunk = (
  delta: Record<string, unknown>,
  finish_reason: string | null = null,
  extra: Record<string, unknown> = {},
) =>
  ({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, finish_reason }],
    ...extra,
  }) as ChatCompletionChunk;

const usageChunk = (usage: Record<string, unknown>) =>
  ({ ...chunk({}), choices: [], usage }) as unknown as ChatCompletionChunk;

function convert(chunks: ChatCompletionChunk[]): AnthropicStreamEvent[] {
  const converter = createChatAnthropicStreamConverter();
  return [...chunks.flatMap((c) => converter.push(c)), ...converter.end()];
}

/** Accumulates events into the final message, as the Anthropic SDK's MessageStream does. */
function accumulate(events: AnthropicStreamEvent[]): AnthropicMessage {
  let message: AnthropicMessage | undefined;
  const json: Record<number, string> = {};
  for (const event of events) {
    if (event.type === 'message_start') message = structuredClone(event.message);
    if (!message) throw new Error(`${event.type} before message_start`);
    if (event.type === 'content_block_start')
      message.content[event.index] = { ...event.content_block };
    if (event.type === 'content_block_delta') {
      const block = message.content[event.index] as any;
      if (event.delta.type === 'text_delta') block.text += event.delta.text;
      if (event.delta.type === 'thinking_delta') block.thinking += event.delta.thinking;
      if (event.delta.type === 'input_json_delta') {
        json[event.index] = (json[event.index] ?? '') + event.delta.partial_json;
      }
    }
    if (event.type === 'content_block_stop' && json[event.index] !== undefined) {
      (message.content[event.index] as any).input = JSON.parse(json[event.index]!);
    }
    if (event.type === 'message_delta') {
      message.stop_reason = event.delta.stop_reason;
      message.usage = { ...message.usage, ...event.usage } as AnthropicMessage['usage'];
    }
  }
  return message!;
}

describe('createChatAnthropicStreamConverter', () => {
  it('emits the Messages event sequence for a text stream', () => {
    const events = convert([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      usageChunk({ prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 }),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]).toMatchObject({
      message: { id: 'msg_chatcmpl-1', role: 'assistant', model: 'gpt-4o-mini', content: [] },
    });
    expect(events[1]).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    expect(events[5]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: {
        input_tokens: 12,
        output_tokens: 2,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
  });

  it('streams two parallel tool calls as tool_use blocks with input_json_delta', () => {
    const events = convert([
      chunk({ role: 'assistant', content: 'Checking.' }),
      chunk({
        tool_calls: [
          { index: 0, id: 'call_a', type: 'function', function: { name: 'w', arguments: '' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      // Gemini-style: a whole call in one delta.
      chunk({
        tool_calls: [
          {
            index: 1,
            id: 'call_b',
            type: 'function',
            function: { name: 'w', arguments: '{"city":"Rome"}' },
          },
        ],
      }),
      chunk({}, 'tool_calls'),
    ]);
    const message = accumulate(events);
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_a', name: 'w', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'w', input: { city: 'Rome' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    // Blocks never overlap: each starts after the previous one stopped.
    const order = events
      .filter((e) => e.type === 'content_block_start' || e.type === 'content_block_stop')
      .map((e) => `${e.type === 'content_block_start' ? '+' : '-'}${(e as any).index}`);
    expect(order).toEqual(['+0', '-0', '+1', '-1', '+2', '-2']);
  });

  it('round-trips an Anthropic stream through Chat chunks', () => {
    const chat: ChatCompletionChunk[] = [];
    const toChat = createAnthropicChatConverter({ model: 'claude', includeUsage: true });
    for (const event of toSSEEvents(parallelToolStreamEvents)) {
      toChat.push(event, { chunk: (c) => chat.push(c), error: () => {} });
    }
    const message = accumulate(convert(chat));
    expect(message.id).toBe('msg_014p7gG3wDgGV9EUtLvnow3U');
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking both.' },
      {
        type: 'tool_use',
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        input: { location: 'San Francisco, CA' },
      },
      {
        type: 'tool_use',
        id: 'toolu_02Pq8rM5vRm3nL2kQ9wXy7Zb',
        name: 'get_time',
        input: { timezone: 'America/Los_Angeles' },
      },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({
      input_tokens: 472,
      output_tokens: 89,
      cache_read_input_tokens: 100,
    });
  });

  it('streams reasoning as a thinking block before the text', () => {
    const events = convert([
      chunk({ reasoning_content: 'hmm' }),
      chunk({ content: 'ok' }),
      chunk({}, 'length'),
    ]);
    const message = accumulate(events);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: '' },
      { type: 'text', text: 'ok' },
    ]);
    expect(message.stop_reason).toBe('max_tokens');
  });

  it('ends with an error event and nothing after it', () => {
    const converter = createChatAnthropicStreamConverter();
    converter.push(chunk({ content: 'partial' }));
    expect(converter.error({ type: 'overloaded_error', message: 'Overloaded' })).toEqual([
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    ]);
    expect(converter.end()).toEqual([]);
  });

  it('answers an empty stream with a complete empty message', () => {
    expect(convert([]).map((e) => e.type)).toEqual([
      'message_start',
      'message_delta',
      'message_stop',
    ]);
  });
});
