import { describe, expect, it } from 'vitest';
import { chatCompletionSchema } from '../openai-chat';
import { convertAnthropicResponseToChat } from './convert-anthropic-response-to-chat';
import { textMessage, toolUseMessage } from './fixtures/anthropic-docs-fixtures';

describe('convertAnthropicResponseToChat', () => {
  it('converts a text response', () => {
    const completion = convertAnthropicResponseToChat(textMessage, 'anthropic/claude-sonnet-4-5');
    expect(completion).toEqual({
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'anthropic/claude-sonnet-4-5',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi! My name is Claude.' },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 2095,
        completion_tokens: 503,
        total_tokens: 2598,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    });
    expect(Math.abs(completion.created - Date.now() / 1000)).toBeLessThan(5);
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
  });

  it('converts tool_use blocks and counts cache tokens into the prompt', () => {
    const completion = convertAnthropicResponseToChat(toolUseMessage, 'claude');
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: "I'll check the current weather in San Francisco for you.",
        tool_calls: [
          {
            id: 'toolu_01A09q90qw90lq917835lq9',
            type: 'function',
            function: {
              name: 'get_weather',
              arguments: '{"location":"San Francisco, CA","unit":"celsius"}',
            },
          },
        ],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    expect(completion.usage).toEqual({
      prompt_tokens: 3472,
      completion_tokens: 89,
      total_tokens: 3561,
      prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 1000 },
    });
  });

  it('exposes thinking as reasoning_content and returns null content without text', () => {
    const completion = convertAnthropicResponseToChat(
      {
        ...toolUseMessage,
        content: [
          { type: 'thinking', thinking: 'The user wants weather.', signature: 'EqQBCgIYAhIM' },
          { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
        ],
      },
      'claude',
    );
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: 'The user wants weather.',
      tool_calls: [
        { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
      ],
    });
  });
});
