import { describe, expect, it } from 'vitest';
import { formatZodIssues } from '../format-zod-issues';
import { chatCompletionRequestSchema } from '../openai-chat';
import {
  type AnthropicMessagesInput,
  anthropicMessagesRequestSchema,
} from './anthropic-messages-request-schema';
import { convertAnthropicRequestToChat } from './convert-anthropic-request-to-chat';
import { convertChatToAnthropicRequest } from './convert-chat-to-anthropic-request';
import { estimateAnthropicInputTokens } from './estimate-anthropic-input-tokens';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** A request as a client sends it, validated by the inbound schema. */
const parse = (body: Record<string, unknown>): AnthropicMessagesInput =>
  anthropicMessagesRequestSchema.parse({ model: 'claude-sonnet-4-5', max_tokens: 256, ...body });

const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

// A tool-use conversation in the shape of the Anthropic tool-use docs: two parallel calls,
// then their results (one failed) in the next user turn.
// https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
const toolConversation = parse({
  system: [
    { type: 'text', text: 'You are terse.' },
    { type: 'text', text: 'Use tools.', cache_control: { type: 'ephemeral' } },
  ],
  tools: [weather],
  tool_choice: { type: 'auto', disable_parallel_tool_use: false },
  messages: [
    { role: 'user', content: 'Weather in Paris and Rome?' },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'two calls', signature: 'sig' },
        { type: 'text', text: 'Checking both.' },
        { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_01B', name: 'get_weather', input: { city: 'Rome' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_01A', content: '18°C, sunny' },
        {
          type: 'tool_result',
          tool_use_id: 'toolu_01B',
          content: [{ type: 'text', text: 'service down' }],
          is_error: true,
        },
        { type: 'text', text: 'Summarise.', cache_control: { type: 'ephemeral' } },
      ],
    },
  ],
});

describe('convertAnthropicRequestToChat', () => {
  it('maps the scalar fields and asks streams for usage', () => {
    const chat = convertAnthropicRequestToChat(
      parse({
        messages: [{ role: 'user', content: 'hi' }],
        stop_sequences: ['END'],
        temperature: 0.3,
        top_p: 0.9,
        top_k: 5,
        metadata: { user_id: 'user-42' },
        stream: true,
        thinking: { type: 'enabled', budget_tokens: 1024 },
      }),
    );
    expect(chat).toEqual({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 256,
      stop: ['END'],
      temperature: 0.3,
      top_p: 0.9,
      user: 'user-42',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(chatCompletionRequestSchema.safeParse(chat).success).toBe(true);
  });

  it('takes the mapped model and keeps top_k only for Anthropic targets', () => {
    const request = parse({ messages: [{ role: 'user', content: 'hi' }], top_k: 5 });
    expect(convertAnthropicRequestToChat(request, { model: 'gpt-4o-mini' }).model).toBe(
      'gpt-4o-mini',
    );
    expect(convertAnthropicRequestToChat(request, { anthropicTargets: true })['top_k']).toBe(5);
  });

  it('converts tools, tool_use history with parallel calls, and tool results in order', () => {
    const chat = convertAnthropicRequestToChat(toolConversation);
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: weather.input_schema,
        },
      },
    ]);
    expect(chat.tool_choice).toBe('auto');
    expect(chat.parallel_tool_calls).toBeUndefined();
    expect(chat.messages).toEqual([
      { role: 'system', content: 'You are terse.\n\nUse tools.' },
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking both.',
        tool_calls: [
          {
            id: 'toolu_01A',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'toolu_01B',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01A', content: '18°C, sunny' },
      { role: 'tool', tool_call_id: 'toolu_01B', content: 'service down' },
      { role: 'user', content: 'Summarise.' },
    ]);
    expect(chatCompletionRequestSchema.safeParse(chat).success).toBe(true);
  });

  it('round-trips to an Anthropic upstream with ids, arguments, results and breakpoints intact', () => {
    const chat = convertAnthropicRequestToChat(toolConversation, { anthropicTargets: true });
    const upstream = convertChatToAnthropicRequest(chat, 'claude-sonnet-4-5');
    expect(upstream.system).toEqual([
      { type: 'text', text: 'You are terse.' },
      { type: 'text', text: 'Use tools.', cache_control: { type: 'ephemeral' } },
    ]);
    expect(upstream.tools).toEqual([weather]);
    expect(upstream.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_01B', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: '18°C, sunny' },
          { type: 'tool_result', tool_use_id: 'toolu_01B', content: 'service down' },
          { type: 'text', text: 'Summarise.', cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
  });

  it('converts tool_choice any / tool / none and disable_parallel_tool_use', () => {
    const choice = (tool_choice: unknown) =>
      convertAnthropicRequestToChat(
        parse({ messages: [{ role: 'user', content: 'x' }], tools: [weather], tool_choice }),
      );
    expect(choice({ type: 'any' }).tool_choice).toBe('required');
    expect(choice({ type: 'none' }).tool_choice).toBe('none');
    const named = choice({ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });
    expect(named.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(named.parallel_tool_calls).toBe(false);
    // Round trip: the same choice comes back for an Anthropic target.
    expect(convertChatToAnthropicRequest(named, 'claude').tool_choice).toEqual({
      type: 'tool',
      name: 'get_weather',
      disable_parallel_tool_use: true,
    });
    // A tool_choice without tools is dropped (OpenAI refuses it).
    const none = convertAnthropicRequestToChat(
      parse({ messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'any' } }),
    );
    expect(none.tool_choice).toBeUndefined();
  });

  it('converts images (base64 and URL) and documents', () => {
    const chat = convertAnthropicRequestToChat(
      parse({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe these.' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
              {
                type: 'document',
                title: 'spec.pdf',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
              },
              { type: 'document', title: 'Notes', source: { type: 'text', data: 'plain words' } },
            ],
          },
        ],
      }),
    );
    expect(chat.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Describe these.' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
        {
          type: 'file',
          file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'spec.pdf' },
        },
        { type: 'text', text: 'Notes\n\nplain words' },
      ],
    });
    // For Anthropic the images and documents come back as they were sent.
    const back = convertChatToAnthropicRequest(
      convertAnthropicRequestToChat(
        parse({
          messages: [
            {
              role: 'user',
              content: [
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
                { type: 'document', source: { type: 'text', data: 'plain wörds' } },
              ],
            },
          ],
        }),
        { anthropicTargets: true },
      ),
      'claude',
    );
    expect(back.messages[0]!.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain wörds' } },
    ]);
  });

  it('moves images of a tool result to the user turn after the results', () => {
    const chat = convertAnthropicRequestToChat(
      parse({
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_1',
                content: [
                  { type: 'text', text: 'screenshot:' },
                  { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(chat.messages).toEqual([
      { role: 'tool', tool_call_id: 'toolu_1', content: 'screenshot:' },
      {
        role: 'user',
        content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }],
      },
    ]);
  });

  it('keeps a mid-conversation system message in place; an Anthropic target gets it in system', () => {
    // Claude Code sends these after the first user turn.
    // https://platform.claude.com/docs/en/build-with-claude/mid-conversation-system-messages
    const request = parse({
      system: 'You are terse.',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: [{ type: 'text', text: 'Now answer in French.' }] },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: 'again' },
        { role: 'system', content: 'Be brief.' },
      ],
    });
    const chat = convertAnthropicRequestToChat(request);
    expect(chat.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'Now answer in French.' },
      { role: 'assistant', content: 'Bonjour' },
      { role: 'user', content: 'again' },
      { role: 'system', content: 'Be brief.' },
    ]);
    expect(chatCompletionRequestSchema.safeParse(chat).success).toBe(true);
    const upstream = convertChatToAnthropicRequest(
      convertAnthropicRequestToChat(request, { anthropicTargets: true }),
      'claude-sonnet-4-5',
    );
    expect(upstream.system).toEqual([
      { type: 'text', text: 'You are terse.' },
      { type: 'text', text: 'Now answer in French.' },
      { type: 'text', text: 'Be brief.' },
    ]);
    expect(upstream.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(() =>
      convertAnthropicRequestToChat(
        parse({
          messages: [
            { role: 'user', content: 'hi' },
            {
              role: 'system',
              content: [{ type: 'image', source: { type: 'url', url: 'https://x/a.png' } }],
            },
          ],
        }),
      ),
    ).toThrow(expect.objectContaining({ status: 400, param: 'messages.1.content.0.type' }));
  });

  it('refuses what Chat cannot express, naming the field', () => {
    const convert = (body: Record<string, unknown>) => () =>
      convertAnthropicRequestToChat(parse(body));
    expect(
      convert({
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
      }),
    ).toThrow(expect.objectContaining({ status: 400, param: 'tools.0.type' }));
    expect(
      convert({
        messages: [
          { role: 'user', content: [{ type: 'tool_use', id: 't', name: 'n', input: {} }] },
        ],
      }),
    ).toThrow(expect.objectContaining({ param: 'messages.0.content.0.type' }));
    expect(
      convert({
        messages: [
          {
            role: 'user',
            content: [{ type: 'document', source: { type: 'url', url: 'https://x/a.pdf' } }],
          },
        ],
      }),
    ).toThrow(expect.objectContaining({ param: 'messages.0.content.0.source.type' }));
  });

  it('rejects unknown block types in the schema, naming the path', () => {
    const result = anthropicMessagesRequestSchema.safeParse({
      model: 'claude',
      max_tokens: 10,
      messages: [{ role: 'user', content: [{ type: 'audio', data: 'x' }] }],
    });
    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error!)).toMatch(/^messages\.0\.content\.0\.type: Invalid/);
  });
});

describe('estimateAnthropicInputTokens', () => {
  it('estimates over the translated prompt, counting inline images small', () => {
    const text = estimateAnthropicInputTokens(
      parse({ messages: [{ role: 'user', content: 'a'.repeat(400) }] }),
    );
    expect(text).toBeGreaterThanOrEqual(100);
    expect(text).toBeLessThan(110);
    const image = estimateAnthropicInputTokens(
      parse({
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'image',
                source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(100_000) },
              },
            ],
          },
        ],
      }),
    );
    expect(image).toBeLessThan(400);
  });
});
