import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2EServer } from '../testing/e2e-server';

/**
 * `@anthropic-ai/sdk` with its base URL at the server (what Claude Code does with
 * `ANTHROPIC_BASE_URL`): the Messages API served through the chat engine by an Anthropic
 * upstream and, through STEREOS_MODEL_MAP, by an OpenAI upstream.
 */
const { server, upstream: up } = useE2EServer({
  apiKey: 'gw-claude-code-key-1',
  env: {
    GATEWAY_API_KEYS: 'gw-claude-code-key-1',
    OPENAI_API_KEY: 'sk-openai-env-key-123',
    ANTHROPIC_API_KEY: 'sk-ant-env-key-123',
    STEREOS_MODEL_MAP: 'claude-haiku-4-5*=gpt-4o-mini',
  },
});
let client: Anthropic;
beforeAll(() => {
  client = server.anthropic();
});

const weather: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const upstreams = [
  {
    name: 'an Anthropic upstream',
    model: 'claude-sonnet-4-6',
    provider: 'anthropic',
    servedModel: 'claude-sonnet-4-6',
    path: '/v1/messages',
  },
  {
    name: 'an OpenAI upstream (STEREOS_MODEL_MAP)',
    model: 'claude-haiku-4-5-20251001',
    provider: 'openai',
    servedModel: 'gpt-4o-mini',
    path: '/v1/chat/completions',
  },
] as const;

describe.each(upstreams)('Anthropic SDK → server → $name', (target) => {
  it('messages.create answers a Messages response and records the call', async () => {
    up.enqueue({ kind: 'reply', text: 'Hello from the gateway', usage: { input: 21, output: 4 } });
    const { data, response } = await client.messages
      .create({
        model: target.model,
        max_tokens: 128,
        system: 'You are terse.',
        messages: [{ role: 'user', content: 'Say hello' }],
        stop_sequences: ['END'],
        metadata: { user_id: 'user-7' },
      })
      .withResponse();
    expect(data).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Hello from the gateway' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 21, output_tokens: 4 },
    });
    expect(data.id).toMatch(/^msg_/);
    expect(response.headers.get('x-stereos-provider')).toBe(target.provider);
    expect(response.headers.get('x-stereos-model')).toBe(target.servedModel);
    const request = up.requests[0]!;
    expect(request.path).toBe(target.path);
    expect(request.body.model).toBe(target.servedModel);
    if (target.provider === 'anthropic') {
      expect(request.body).toMatchObject({
        system: [{ type: 'text', text: 'You are terse.' }],
        stop_sequences: ['END'],
        metadata: { user_id: 'user-7' },
        max_tokens: 128,
      });
      expect(request.headers['x-api-key']).toBe('sk-ant-env-key-123');
    } else {
      expect(request.body).toMatchObject({
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Say hello' },
        ],
        stop: ['END'],
        user: 'user-7',
        max_tokens: 128,
      });
      expect(request.headers['authorization']).toBe('Bearer sk-openai-env-key-123');
    }
    const event = await server.app.events.waitFor((e) => e.status === 'success');
    expect(event).toMatchObject({
      operation: 'chat',
      provider: target.provider,
      model: target.servedModel,
      stream: false,
      inputTokens: 21,
      outputTokens: 4,
      user: 'user-7',
    });
  });

  it('messages.stream streams text with the Messages event sequence', async () => {
    up.enqueue({ kind: 'reply', text: 'one two three', usage: { input: 9, output: 3 } });
    const stream = client.messages.stream({
      model: target.model,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'count' }],
    });
    const types: string[] = [];
    let text = '';
    stream.on('streamEvent', (event) => types.push(event.type));
    stream.on('text', (delta) => {
      text += delta;
    });
    const message = await stream.finalMessage();
    expect(text).toBe('one two three');
    expect(message.content).toEqual([{ type: 'text', text: 'one two three' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 3 });
    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(up.requests[0]!.body.stream).toBe(true);
    const event = await server.app.events.waitFor((e) => e.stream && e.status === 'success');
    expect(event).toMatchObject({ provider: target.provider, inputTokens: 9, outputTokens: 3 });
  });

  it('streams two parallel tool calls, then sends their results back intact', async () => {
    up.enqueue({
      kind: 'reply',
      text: 'Checking both.',
      toolCalls: [
        { id: 'toolu_paris_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'toolu_rome_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      finishReason: 'tool_calls',
    });
    const question: Anthropic.MessageParam = {
      role: 'user',
      content: 'Weather in Paris and Rome?',
    };
    const first = await client.messages
      .stream({ model: target.model, max_tokens: 256, tools: [weather], messages: [question] })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUses = first.content.filter((b) => b.type === 'tool_use');
    expect(toolUses).toEqual([
      { type: 'tool_use', id: 'toolu_paris_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'toolu_rome_2', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    if (target.provider === 'anthropic') {
      expect(up.requests[0]!.body.tools).toEqual([weather]);
    } else {
      expect(up.requests[0]!.body.tools).toEqual([
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: weather.input_schema,
          },
        },
      ]);
    }

    up.enqueue({ kind: 'reply', text: 'Paris 18°C, Rome 24°C.' });
    const second = await client.messages.create({
      model: target.model,
      max_tokens: 256,
      tools: [weather],
      messages: [
        question,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_paris_1', content: '18°C' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_rome_2',
              content: [{ type: 'text', text: '24°C' }],
            },
          ],
        },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Paris 18°C, Rome 24°C.' }]);
    const sent = up.requests[1]!.body.messages;
    if (target.provider === 'anthropic') {
      expect(sent[1]).toEqual({
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_paris_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_rome_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      });
      expect(sent[2]).toEqual({
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_paris_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_rome_2', content: '24°C' },
        ],
      });
    } else {
      expect(sent.slice(1)).toEqual([
        {
          role: 'assistant',
          content: 'Checking both.',
          tool_calls: [
            {
              id: 'toolu_paris_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            {
              id: 'toolu_rome_2',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_paris_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'toolu_rome_2', content: '24°C' },
      ]);
    }
  });

  it('messages.create answers tool calls with parsed input', async () => {
    up.enqueue({
      kind: 'reply',
      toolCalls: [
        { id: 'toolu_a', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { id: 'toolu_b', name: 'get_weather', arguments: '{"city":"Lima"}' },
      ],
      finishReason: 'tool_calls',
    });
    const message = await client.messages.create({
      model: target.model,
      max_tokens: 256,
      tools: [weather],
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'Oslo and Lima?' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'toolu_b', name: 'get_weather', input: { city: 'Lima' } },
    ]);
  });

  it('passes an upstream rate limit on in the Anthropic error shape', async () => {
    up.setDefault({ kind: 'error', status: 429, headers: { 'retry-after': '0' } });
    try {
      const error = await client.messages
        .create({ model: target.model, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] })
        .catch((e) => e);
      expect(error).toBeInstanceOf(Anthropic.RateLimitError);
      expect(error.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
      const event = await server.app.events.waitFor((e) => e.status !== 'success');
      expect(event).toMatchObject({ provider: target.provider });
    } finally {
      up.setDefault({ kind: 'reply' });
    }
  });

  it('count_tokens answers an estimate without calling the upstream', async () => {
    const count = await client.messages.countTokens({
      model: target.model,
      system: 'You are terse.',
      tools: [weather],
      messages: [{ role: 'user', content: 'How many tokens is this sentence?' }],
    });
    expect(count.input_tokens).toBeGreaterThan(10);
    expect(count.input_tokens).toBeLessThan(100);
    expect(up.requests).toHaveLength(0);
  });
});

describe('Anthropic error shapes', () => {
  it('answers an unknown model with an Anthropic-shaped 400 and records it', async () => {
    const error = await client.messages
      .create({ model: 'nope/model', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('nope') },
    });
    expect(up.requests).toHaveLength(0);
    const event = await server.app.events.waitFor((e) => e.status === 'invalid_request');
    expect(event).toMatchObject({ requestedModel: 'nope/model' });
  });

  it('answers a schema error naming the field', async () => {
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'gw-claude-code-key-1', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-sonnet-4-6',
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(body.error.message).toContain('max_tokens');
    expect(body.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('answers a bad key with authentication_error and records it', async () => {
    const bad = server.anthropic('wrong-key');
    const error = await bad.messages
      .create({
        model: 'claude-sonnet-4-6',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'x' }],
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as APIError).type).toBe('authentication_error');
    const event = await server.app.events.waitFor((e) => e.status === 'unauthorized');
    expect(event.operation).toBe('chat');
  });

  it('ends a stream that fails after its first content with an error event', async () => {
    up.enqueue({ kind: 'stream-fail', text: 'partial answer', then: 'drop' });
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer gw-claude-code-key-1', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 8,
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    const text = await response.text();
    expect(text).toContain('event: content_block_delta');
    expect(text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error"/);
    expect(text).not.toContain('event: message_stop');
    const event = await server.app.events.waitFor((e) => e.status === 'error');
    expect(event).toMatchObject({ provider: 'openai', stream: true });
  });
});

describe('passthrough keys with a model map', () => {
  const { server: passthrough } = useE2EServer(() => ({
    upstream: up,
    env: { STEREOS_MODEL_MAP: 'claude-haiku-4-5=gpt-4o-mini' },
  }));

  it("never sends the client's Anthropic key to the mapped provider", async () => {
    const sdk = passthrough.anthropic('sk-ant-caller-key-9');
    const params = {
      model: 'claude-haiku-4-5',
      max_tokens: 8,
      messages: [{ role: 'user' as const, content: 'x' }],
    };
    const error = await sdk.messages.create(params).catch((e) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error.error.error.message).toContain('x-stereos-key-openai');
    expect(up.requests).toHaveLength(0);

    const ok = await sdk.messages.create(params, {
      headers: { 'x-stereos-key-openai': 'sk-openai-caller-key-9' },
    });
    expect(ok.content[0]).toMatchObject({ type: 'text' });
    expect(up.requests[0]!.headers['authorization']).toBe('Bearer sk-openai-caller-key-9');
  });
});

describe('anthropic-version and anthropic-beta', () => {
  it('reach an Anthropic upstream, and only an Anthropic upstream', async () => {
    const beta = 'interleaved-thinking-2025-05-14';
    const body = { max_tokens: 16, messages: [{ role: 'user' as const, content: 'hi' }] };
    await client.messages.create(
      { model: 'claude-sonnet-4-6', ...body },
      { headers: { 'anthropic-beta': beta } },
    );
    await client.messages.create(
      { model: 'claude-haiku-4-5-20251001', ...body },
      { headers: { 'anthropic-beta': beta } },
    );
    const [anthropic, openai] = up.requests;
    expect(anthropic?.path).toBe('/v1/messages');
    expect(anthropic?.headers['anthropic-beta']).toBe(beta);
    // The SDK's own API version, passed on.
    expect(anthropic?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(openai?.path).toBe('/v1/chat/completions');
    expect(openai?.headers['anthropic-beta']).toBeUndefined();
  });
});
