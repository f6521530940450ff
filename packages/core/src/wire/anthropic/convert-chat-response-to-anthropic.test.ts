import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../openai-chat';
import { convertAnthropicResponseToChat } from './convert-anthropic-response-to-chat';
import { convertChatResponseToAnthropic } from './convert-chat-response-to-anthropic';
import { toolUseMessage } from './fixtures/anthropic-docs-fixtures';
import { mapChatFinishReasonToAnthropic } from './map-chat-finish-reason-to-anthropic';

const completion = (message: Record<string, unknown>, extra: Partial<ChatCompletion> = {}) =>
  ({
    id: 'chatcmpl-123',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', ...message },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37 },
    ...extra,
  }) as ChatCompletion;

describe('convertChatResponseToAnthropic', () => {
  it('answers a text completion as a Messages response', () => {
    expect(convertChatResponseToAnthropic(completion({ content: 'Hello!' }))).toEqual({
      id: 'msg_chatcmpl-123',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-mini',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 30,
        output_tokens: 7,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
  });

  it('turns parallel tool calls into tool_use blocks with parsed input', () => {
    const message = convertChatResponseToAnthropic({
      ...completion({
        content: null,
        reasoning_content: 'need both',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'w', arguments: '{"city":"Paris"}' },
          },
          { id: 'call_2', type: 'function', function: { name: 'w', arguments: 'not json' } },
        ],
      }),
    });
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'need both', signature: '' },
      { type: 'tool_use', id: 'call_1', name: 'w', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'w', input: {} },
    ]);
  });

  it('maps finish reasons to stop reasons', () => {
    expect(
      ['stop', 'length', 'tool_calls', 'content_filter', 'function_call', null, 'new'].map(
        mapChatFinishReasonToAnthropic,
      ),
    ).toEqual([
      'end_turn',
      'max_tokens',
      'tool_use',
      'refusal',
      'tool_use',
      'end_turn',
      'end_turn',
    ]);
  });

  it('round-trips an Anthropic response: blocks, ids, input, stop reason and cache usage', () => {
    const back = convertChatResponseToAnthropic(
      convertAnthropicResponseToChat(toolUseMessage, 'claude-sonnet-4-5-20250929'),
    );
    expect(back).toEqual({ ...toolUseMessage, usage: { ...toolUseMessage.usage } });
  });
});
