import OpenAI, { type APIError } from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2EServer } from '../testing/e2e-server';

/**
 * An OpenAI client talking to Anthropic through the server: core translates Chat Completions to
 * the Messages API and back; the server adds nothing but HTTP.
 */
// Passthrough mode: the client's key is the Anthropic key.
const { server, upstream: up } = useE2EServer({ apiKey: 'sk-ant-caller-key-1' });
let client: OpenAI;

// A 1×1 transparent PNG.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

beforeAll(() => {
  client = server.openai();
});

describe('OpenAI SDK → server → Anthropic Messages', () => {
  it('translates system, image, tools and stop sequences, and parallel tool calls back', async () => {
    up.enqueue({
      kind: 'reply',
      toolCalls: [
        { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      usage: { input: 120, output: 30 },
    });
    const { data, response } = await client.chat.completions
      .create({
        model: 'claude-sonnet-4-5',
        max_tokens: 256,
        stop: ['END'],
        messages: [
          { role: 'system', content: 'You are terse.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture, and the weather in Paris and Rome?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
            ],
          },
        ],
        tools: [weatherTool],
      })
      .withResponse();

    expect(response.headers.get('x-stereos-provider')).toBe('anthropic');
    const request = up.requests[0]!;
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('sk-ant-caller-key-1');
    expect(request.headers['anthropic-version']).toBeTruthy();
    expect(request.body).toMatchObject({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      stop_sequences: ['END'],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
    });
    expect(JSON.stringify(request.body.system)).toContain('You are terse.');
    expect(request.body.messages[0].content).toEqual([
      { type: 'text', text: 'What is in this picture, and the weather in Paris and Rome?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
    ]);

    const choice = data.choices[0]!;
    expect(data.object).toBe('chat.completion');
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.tool_calls).toEqual([
      {
        id: 'toolu_1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      {
        id: 'toolu_2',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
      },
    ]);
    expect(data.usage).toMatchObject({
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
    });
  });

  it('sends tool results back as tool_result blocks', async () => {
    up.enqueue({ kind: 'reply', text: 'Sunny in Paris.' });
    const completion = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'toolu_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '{"sky":"sunny"}' },
      ],
      tools: [weatherTool],
    });
    expect(completion.choices[0]?.message.content).toBe('Sunny in Paris.');
    const messages = up.requests[0]!.body.messages;
    expect(messages[1].content[0]).toMatchObject({
      type: 'tool_use',
      id: 'toolu_1',
      input: { city: 'Paris' },
    });
    expect(messages[2]).toMatchObject({
      role: 'user',
      content: [expect.objectContaining({ type: 'tool_result', tool_use_id: 'toolu_1' })],
    });
  });

  it('streams text as chat.completion.chunk events, with usage when asked', async () => {
    up.enqueue({ kind: 'reply', text: 'Bonjour tout le monde', usage: { input: 11, output: 5 } });
    const stream = await client.chat.completions.create({
      model: 'anthropic/claude-haiku-4-5',
      messages: [{ role: 'user', content: 'Say hello in French' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Bonjour tout le monde');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 5 });
    expect(up.requests[0]?.body).toMatchObject({ model: 'claude-haiku-4-5', stream: true });
    const event = await server.app.events.waitFor((e) => e.provider === 'anthropic' && e.stream);
    expect(event).toMatchObject({ status: 'success', inputTokens: 11, outputTokens: 5 });
  });

  it('streams parallel tool calls', async () => {
    up.enqueue({
      kind: 'reply',
      toolCalls: [
        { id: 'toolu_a', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { id: 'toolu_b', name: 'get_weather', arguments: '{"city":"Lima"}' },
      ],
    });
    const stream = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'Weather in Oslo and Lima?' }],
      tools: [weatherTool],
      stream: true,
    });
    const calls: { id?: string; name?: string; args: string }[] = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        calls[delta.index] ??= { args: '' };
        const call = calls[delta.index]!;
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name = delta.function.name;
        call.args += delta.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(calls).toEqual([
      { id: 'toolu_a', name: 'get_weather', args: '{"city":"Oslo"}' },
      { id: 'toolu_b', name: 'get_weather', args: '{"city":"Lima"}' },
    ]);
    expect(finish).toBe('tool_calls');
  });

  it('maps an Anthropic error to the OpenAI error shape', async () => {
    up.enqueue({ kind: 'error', status: 400, message: 'max_tokens: too large' });
    const error = await client.chat.completions
      .create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as APIError).message).toContain('max_tokens: too large');
  });
});
