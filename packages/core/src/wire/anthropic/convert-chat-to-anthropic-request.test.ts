import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../openai-chat';
import { WireConversionError } from '../wire-conversion-error';
import {
  convertChatToAnthropicRequest,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
} from './convert-chat-to-anthropic-request';

const MODEL = 'claude-sonnet-4-5-20250929';

function convert(partial: Partial<ChatCompletionRequest>) {
  return convertChatToAnthropicRequest(
    { model: 'anthropic/claude', messages: [{ role: 'user', content: 'Hi' }], ...partial },
    MODEL,
  );
}

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Get the current weather in a given location',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string', description: 'The city and state' } },
      required: ['location'],
    },
  },
};

describe('convertChatToAnthropicRequest', () => {
  it('builds a minimal request with the upstream model and default max_tokens', () => {
    expect(convert({})).toEqual({
      model: MODEL,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      max_tokens: DEFAULT_ANTHROPIC_MAX_TOKENS,
    });
  });

  it('prefers max_tokens, then max_completion_tokens', () => {
    expect(convert({ max_tokens: 10, max_completion_tokens: 20 }).max_tokens).toBe(10);
    expect(convert({ max_completion_tokens: 20 }).max_tokens).toBe(20);
    expect(convert({ max_tokens: null }).max_tokens).toBe(4096);
  });

  it('hoists system and developer messages into system text blocks', () => {
    const result = convert({
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer briefly.' }] },
        { role: 'user', content: 'Hello' },
      ],
    });
    expect(result.system).toEqual([
      { type: 'text', text: 'You are a helpful assistant.' },
      { type: 'text', text: 'Answer briefly.' },
    ]);
    expect(result.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);
  });

  it('converts base64 data: URL and http(s) URL images', () => {
    const result = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' } },
            {
              type: 'image_url',
              image_url: { url: 'https://upload.wikimedia.org/a.jpg', detail: 'high' },
            },
          ],
        },
      ],
    });
    expect(result.messages[0]?.content).toEqual([
      { type: 'text', text: 'Compare these.' },
      {
        type: 'image',
        source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQSkZJRg==' },
      },
      { type: 'image', source: { type: 'url', url: 'https://upload.wikimedia.org/a.jpg' } },
    ]);
  });

  it('converts PDF files into document blocks and rejects audio', () => {
    const result = convert({
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'file',
              file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' },
            },
          ],
        },
      ],
    });
    expect(result.messages[0]?.content).toEqual([
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
        title: 'a.pdf',
      },
    ]);
    const audio = () =>
      convert({
        messages: [
          {
            role: 'user',
            content: [{ type: 'input_audio', input_audio: { data: 'AAA=', format: 'wav' } }],
          },
        ],
      });
    expect(audio).toThrow(WireConversionError);
    expect(audio).toThrow(expect.objectContaining({ param: 'messages.0.content.0' }));
  });

  it('rejects images that are neither http(s) nor base64 data: URLs', () => {
    const convertURL = () =>
      convert({
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/a.png' } }] },
        ],
      });
    expect(convertURL).toThrow(
      expect.objectContaining({ param: 'messages.0.content.0.image_url.url' }),
    );
  });

  it('converts parallel tool calls and merges their results into one user turn', () => {
    const result = convert({
      messages: [
        { role: 'user', content: 'Weather and time in SF?' },
        {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [
            {
              id: 'toolu_01',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' },
            },
            {
              id: 'toolu_02',
              type: 'function',
              function: { name: 'get_time', arguments: 'not json' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01', content: '15 degrees' },
        { role: 'tool', tool_call_id: 'toolu_02', content: [{ type: 'text', text: '3pm' }] },
        { role: 'user', content: 'Thanks!' },
      ],
    });
    expect(result.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather and time in SF?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          {
            type: 'tool_use',
            id: 'toolu_01',
            name: 'get_weather',
            input: { location: 'San Francisco, CA' },
          },
          { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01', content: '15 degrees' },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_02',
            content: [{ type: 'text', text: '3pm' }],
          },
          { type: 'text', text: 'Thanks!' },
        ],
      },
    ]);
  });

  it('drops empty assistant text and merges adjacent same-role turns', () => {
    const result = convert({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: null, tool_calls: [] },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
      ],
    });
    expect(result.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'No.' }] },
    ]);
  });

  it('converts tools with a default input schema', () => {
    const result = convert({
      tools: [weatherTool, { type: 'function', function: { name: 'get_time' } }],
    });
    expect(result.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Get the current weather in a given location',
        input_schema: weatherTool.function.parameters,
      },
      { name: 'get_time', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(result.tool_choice).toBeUndefined();
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [
      { type: 'function', function: { name: 'get_weather' } },
      { type: 'tool', name: 'get_weather' },
    ],
  ] as const)('maps tool_choice %j', (toolChoice, expected) => {
    expect(convert({ tools: [weatherTool], tool_choice: toolChoice }).tool_choice).toEqual(
      expected,
    );
  });

  it('maps parallel_tool_calls: false to disable_parallel_tool_use', () => {
    expect(convert({ tools: [weatherTool], parallel_tool_calls: false }).tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(
      convert({ tools: [weatherTool], tool_choice: 'required', parallel_tool_calls: false })
        .tool_choice,
    ).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(
      convert({ tools: [weatherTool], tool_choice: 'none', parallel_tool_calls: false })
        .tool_choice,
    ).toEqual({ type: 'none' });
  });

  it('drops tool_choice without tools', () => {
    const result = convert({ tool_choice: 'required' });
    expect(result.tools).toBeUndefined();
    expect(result.tool_choice).toBeUndefined();
  });

  it('maps stop, sampling, user and stream', () => {
    const result = convert({
      stop: '\n\nHuman:',
      temperature: 1.5,
      top_p: 0.9,
      user: 'user-123',
      stream: true,
      seed: 42,
      frequency_penalty: 1,
    });
    expect(result).toMatchObject({
      stop_sequences: ['\n\nHuman:'],
      temperature: 1,
      top_p: 0.9,
      metadata: { user_id: 'user-123' },
      stream: true,
    });
    expect(result).not.toHaveProperty('seed');
    expect(result).not.toHaveProperty('frequency_penalty');
    expect(convert({ stop: ['a', 'b'] }).stop_sequences).toEqual(['a', 'b']);
    expect(convert({ stream: false })).not.toHaveProperty('stream');
  });

  it('rejects n > 1', () => {
    expect(() => convert({ n: 2 })).toThrow(expect.objectContaining({ param: 'n' }));
  });

  it('keeps cache_control markers on text parts', () => {
    const result = convert({
      messages: [
        {
          role: 'system',
          content: [{ type: 'text', text: 'Long context', cache_control: { type: 'ephemeral' } }],
        },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(result.system).toEqual([
      { type: 'text', text: 'Long context', cache_control: { type: 'ephemeral' } },
    ]);
  });
});
