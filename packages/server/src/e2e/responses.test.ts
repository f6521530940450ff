import { streamFail } from '@stereos/fake-upstream';
import type { APIError } from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { startE2EServer, useE2EServer } from '../testing/e2e-server';

/**
 * `POST /v1/responses` through the server with the openai SDK (which checks every streamed
 * event's ids, indexes and order): passed through to a provider that serves the Responses API,
 * translated to Chat Completions for the others.
 */
const GATEWAY_KEY = 'gw-responses-key-1';
const ENV = {
  GATEWAY_API_KEYS: GATEWAY_KEY,
  OPENAI_API_KEY: 'sk-openai-env-key-123',
  DEEPSEEK_API_KEY: 'sk-deepseek-env-key-123',
  ANTHROPIC_API_KEY: 'sk-ant-env-key-123',
  XAI_API_KEY: 'xai-env-key-123',
};

const { server, upstream: up } = useE2EServer({ env: ENV, apiKey: GATEWAY_KEY });

const client = () => server.openai();

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
};

/** Collects a stream's events and its final response. */
async function collect(stream: AsyncIterable<ResponseStreamEvent>) {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('passthrough to a provider that serves the Responses API', () => {
  it('responses.create: the provider gets /v1/responses with its key, the client its answer', async () => {
    up.enqueue({ kind: 'reply', text: 'Hello from OpenAI.', usage: { input: 12, output: 5 } });
    const { data, response } = await client()
      .responses.create({
        model: 'openai/gpt-4o-mini',
        instructions: 'Be brief.',
        input: 'Say hello.',
        metadata: { team: 'search' },
      })
      .withResponse();
    const request = up.requests[0]!;
    expect(request.path).toBe('/v1/responses');
    expect(request.kind).toBe('openai-responses');
    expect(request.headers['authorization']).toBe('Bearer sk-openai-env-key-123');
    // The model swapped for the upstream one, everything else as the client sent it.
    expect(request.body).toEqual({
      model: 'gpt-4o-mini',
      instructions: 'Be brief.',
      input: 'Say hello.',
      metadata: { team: 'search' },
    });
    expect(response.headers.get('x-stereos-responses-mode')).toBe('passthrough');
    expect(response.headers.get('x-stereos-provider')).toBe('openai');
    expect(Number(response.headers.get('x-stereos-cost-usd'))).toBeGreaterThan(0);
    expect(data.output_text).toBe('Hello from OpenAI.');
    expect(data.usage).toMatchObject({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event).toMatchObject({
      operation: 'responses',
      status: 'success',
      stream: false,
      provider: 'openai',
      requestedModel: 'openai/gpt-4o-mini',
      model: 'gpt-4o-mini',
      inputTokens: 12,
      outputTokens: 5,
      usageEstimated: false,
      finishReason: 'stop',
    });
    expect(event.costUsd).toBeGreaterThan(0);
  });

  it('responses.stream: the events as the provider sent them, usage from response.completed', async () => {
    up.enqueue({ kind: 'reply', text: 'one two three', usage: { input: 20, output: 3 } });
    const stream = client().responses.stream({ model: 'gpt-4o-mini', input: 'count' });
    const events = await collect(stream);
    const final = await stream.finalResponse();
    expect(up.requests[0]!.path).toBe('/v1/responses');
    expect(up.requests[0]!.body.stream).toBe(true);
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
    expect(final.output_text).toBe('one two three');
    expect(final.usage?.total_tokens).toBe(23);
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event).toMatchObject({
      stream: true,
      status: 'success',
      provider: 'openai',
      inputTokens: 20,
      outputTokens: 3,
      usageEstimated: false,
    });
    expect(event.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('falls back before the first content event, to another Responses provider', async () => {
    up.enqueue(
      { kind: 'error', status: 503 },
      { kind: 'error', status: 503 },
      { kind: 'error', status: 503 },
    );
    up.enqueue({ kind: 'reply', text: 'from the fallback' });
    const { data, response } = await client()
      .responses.create(
        { model: 'gpt-4o-mini', input: 'hi', stream: true },
        { headers: { 'x-stereos-fallback-models': 'xai/grok-4' } },
      )
      .withResponse();
    const events = await collect(data);
    expect(response.headers.get('x-stereos-fallback-index')).toBe('1');
    expect(response.headers.get('x-stereos-provider')).toBe('xai');
    const paths = up.requests.map((r) => r.path);
    expect(paths.at(-1)).toBe('/v1/responses');
    expect(up.requests.at(-1)!.body.model).toBe('grok-4');
    const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(text.join('')).toBe('from the fallback');
  });

  it('an error event before the first content is retried, and the client sees one clean answer', async () => {
    const failed = [
      'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_x","object":"response","status":"in_progress","output":[]}}\n\n',
      'event: error\ndata: {"type":"error","sequence_number":1,"code":"server_error","message":"The server had an error","param":null}\n\n',
    ].join('');
    up.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: failed,
    });
    up.enqueue({ kind: 'reply', text: 'second try' });
    const { data, response } = await client()
      .responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true })
      .withResponse();
    const events = await collect(data);
    expect(response.headers.get('x-stereos-attempts')).toBe('2');
    expect(events.filter((e) => e.type === 'response.created')).toHaveLength(1);
    expect(events.some((e) => e.type === 'error')).toBe(false);
    const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(text.join('')).toBe('second try');
  });

  it('after the first content, an upstream failure ends the stream with an error event', async () => {
    up.enqueue(streamFail('partial ', 'drop'));
    const res = await fetch(`${server.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x', stream: true }),
    });
    expect(res.status).toBe(200);
    const frames = (await res.text()).trim().split('\n\n');
    const data = frames.map((frame) => JSON.parse(frame.split('\ndata: ')[1]!));
    expect(data.map((d) => d.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'error',
    ]);
    // Numbered after the last event the provider sent; no second model's output follows.
    expect(data.map((d) => d.sequence_number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(frames.at(-1)!.startsWith('event: error\n')).toBe(true);
    expect(data.at(-1)).toMatchObject({ type: 'error', code: expect.any(String), param: null });
    expect(JSON.stringify(data)).not.toContain('sk-openai-env-key-123');
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event).toMatchObject({ status: 'error', provider: 'openai', stream: true });
    // The SDK's stream helper throws on the error event.
    up.enqueue(streamFail('partial ', 'error-event'));
    const stream = client().responses.stream({ model: 'gpt-4o-mini', input: 'x' });
    await expect(collect(stream)).rejects.toThrow();
  });

  it('an error event after the first content reaches the client without the key the upstream echoes', async () => {
    const events = [
      'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_k","object":"response","status":"in_progress","output":[]}}\n\n',
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}\n\n',
      'event: error\ndata: {"type":"error","sequence_number":2,"code":"invalid_api_key","message":"Key sk-openai-env-key-123 was revoked","param":null}\n\n',
    ];
    up.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: events.join(''),
    });
    const res = await fetch(`${server.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x', stream: true }),
    });
    const text = await res.text();
    expect(text).toContain('event: error\n');
    expect(text).toContain('was revoked');
    expect(text).not.toContain('sk-openai-env-key-123');
  });

  it('an upstream 4xx keeps its OpenAI error shape', async () => {
    up.enqueue({
      kind: 'error',
      status: 400,
      message: 'Invalid schema for function',
      code: 'invalid_function_parameters',
    });
    const error = (await client()
      .responses.create({ model: 'gpt-4o-mini', input: 'x' })
      .catch((e) => e)) as APIError;
    expect(error.status).toBe(400);
    expect(error.message).toContain('Invalid schema for function');
    expect(error.code).toBe('invalid_function_parameters');
    expect(error.type).toBe('invalid_request_error');
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event).toMatchObject({ status: 'error', provider: 'openai' });
  });
});

describe('translated to Chat Completions for providers without a Responses API', () => {
  it('responses.create with DeepSeek: the provider gets /chat/completions, the client a response', async () => {
    up.enqueue({ kind: 'reply', text: 'Bonjour.', usage: { input: 30, output: 4 } });
    const { data, response } = await client()
      .responses.create({
        model: 'deepseek/deepseek-chat',
        instructions: 'Answer in French.',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
        max_output_tokens: 64,
        temperature: 0.3,
      })
      .withResponse();
    const request = up.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers['authorization']).toBe('Bearer sk-deepseek-env-key-123');
    expect(request.body).toMatchObject({
      model: 'deepseek-chat',
      max_tokens: 64,
      temperature: 0.3,
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      ],
    });
    expect(response.headers.get('x-stereos-responses-mode')).toBe('translated');
    expect(data).toMatchObject({
      object: 'response',
      status: 'completed',
      instructions: 'Answer in French.',
    });
    expect(data.output_text).toBe('Bonjour.');
    expect(data.usage).toMatchObject({ input_tokens: 30, output_tokens: 4, total_tokens: 34 });
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event).toMatchObject({
      operation: 'responses',
      status: 'success',
      provider: 'deepseek',
      model: 'deepseek-chat',
      inputTokens: 30,
      outputTokens: 4,
    });
  });

  it('responses.stream with Claude: the Responses event sequence, final text and usage', async () => {
    up.enqueue({ kind: 'reply', text: 'Streaming from Claude.', usage: { input: 40, output: 6 } });
    const stream = client().responses.stream({
      model: 'claude-sonnet-4-5',
      input: 'Stream please.',
    });
    const events = await collect(stream);
    const final = await stream.finalResponse();
    expect(up.requests[0]!.path).toBe('/v1/messages');
    expect(up.requests[0]!.body.stream).toBe(true);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(final.output_text).toBe('Streaming from Claude.');
    expect(final.usage).toMatchObject({ input_tokens: 40, output_tokens: 6 });
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event).toMatchObject({
      provider: 'anthropic',
      stream: true,
      inputTokens: 40,
      outputTokens: 6,
    });
  });

  it('a multi-turn tool conversation survives: ids, arguments, results, two parallel calls in one turn', async () => {
    // Turn 1: the model calls get_weather twice in one turn.
    up.enqueue({
      kind: 'reply',
      toolCalls: [
        { id: 'call_paris_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_rome_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      usage: { input: 50, output: 20 },
    });
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Paris and Rome?' }];
    const first = await client().responses.create({
      model: 'deepseek/deepseek-chat',
      input,
      tools: [weatherTool],
    });
    const calls = first.output.filter((item) => item.type === 'function_call');
    expect(calls.map((c) => [c.call_id, c.name, c.arguments])).toEqual([
      ['call_paris_1', 'get_weather', '{"city":"Paris"}'],
      ['call_rome_2', 'get_weather', '{"city":"Rome"}'],
    ]);
    expect(up.requests[0]!.body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: weatherTool.parameters,
          strict: true,
        },
      },
    ]);

    // Turn 2: the client sends the whole history back, with both results.
    up.enqueue({ kind: 'reply', text: 'Paris 14°C, Rome 21°C.' });
    input.push(...first.output.map((item) => item as ResponseInputItem));
    input.push(
      { type: 'function_call_output', call_id: 'call_paris_1', output: '14°C' },
      { type: 'function_call_output', call_id: 'call_rome_2', output: '21°C' },
    );
    const stream = client().responses.stream({
      model: 'deepseek/deepseek-chat',
      input,
      tools: [weatherTool],
    });
    await collect(stream);
    const second = await stream.finalResponse();
    expect(second.output_text).toBe('Paris 14°C, Rome 21°C.');
    expect(up.requests[1]!.body.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_paris_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'call_rome_2',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_paris_1', content: '14°C' },
      { role: 'tool', tool_call_id: 'call_rome_2', content: '21°C' },
    ]);
  });

  it('streams parallel tool calls from Claude as function_call items', async () => {
    up.enqueue({
      kind: 'reply',
      toolCalls: [
        { id: 'toolu_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'toolu_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
    });
    const stream = client().responses.stream({
      model: 'claude-sonnet-4-5',
      input: 'Weather in Paris and Rome?',
      tools: [weatherTool],
      max_output_tokens: 200,
    });
    const events = await collect(stream);
    const final = await stream.finalResponse();
    expect(events.filter((e) => e.type === 'response.function_call_arguments.done')).toHaveLength(
      2,
    );
    expect(final.output).toEqual([
      expect.objectContaining({
        type: 'function_call',
        call_id: 'toolu_a',
        arguments: '{"city":"Paris"}',
      }),
      expect.objectContaining({
        type: 'function_call',
        call_id: 'toolu_b',
        arguments: '{"city":"Rome"}',
      }),
    ]);
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event.finishReason).toBe('tool_calls');
  });

  it('refuses what Chat cannot express with a 400 naming the field, and records it', async () => {
    const stateful = (await client()
      .responses.create({
        model: 'deepseek/deepseek-chat',
        input: 'hi',
        previous_response_id: 'resp_1',
      })
      .catch((e) => e)) as APIError;
    expect(stateful.status).toBe(400);
    expect(stateful.type).toBe('invalid_request_error');
    expect(stateful.param).toBe('previous_response_id');
    expect(stateful.message).toMatch(/whole conversation/);
    const builtIn = (await client()
      .responses.create({
        model: 'claude-sonnet-4-5',
        input: 'hi',
        tools: [{ type: 'web_search' }],
      })
      .catch((e) => e)) as APIError;
    expect(builtIn.status).toBe(400);
    expect(builtIn.param).toBe('tools.0.type');
    expect(up.requests).toHaveLength(0);
    const events = server.app.events.events();
    expect(events.map((e) => [e.operation, e.status])).toEqual([
      ['responses', 'invalid_request'],
      ['responses', 'invalid_request'],
    ]);
  });
});

describe('bad input, budget', () => {
  it('a schema error is a 400 naming the field, recorded as a responses event', async () => {
    const res = await fetch(`${server.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        input: [{ type: 'function_call_output', output: 'no call id' }],
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: 'input.0.call_id' });
    expect(String(body.error['message'])).toContain('input.0.call_id');
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event).toMatchObject({ status: 'invalid_request' });
    expect(up.requests).toHaveLength(0);
  });

  it('a budget that cannot hold the call answers 402 before any upstream call', async () => {
    const capped = await startE2EServer({
      upstream: up,
      apiKey: GATEWAY_KEY,
      env: { ...ENV, STEREOS_BUDGET_USD: '0.0000001', STEREOS_BUDGET_PERIOD: 'total' },
    });
    try {
      const error = (await capped
        .openai()
        .responses.create({ model: 'gpt-4o-mini', input: 'hi', max_output_tokens: 1000 })
        .catch((e) => e)) as APIError;
      expect(error.status).toBe(402);
      expect(error.code).toBe('budget_exceeded');
      const event = await capped.app.events.waitFor((e) => e.status === 'budget_exceeded');
      expect(event.operation).toBe('responses');
      expect(up.requests).toHaveLength(0);
    } finally {
      await capped.close();
    }
  });
});

describe('GET /doc', () => {
  it('documents POST /v1/responses with its request schema', async () => {
    const doc = (await (await fetch(`${server.url}/doc`)).json()) as any;
    const route = doc.paths['/v1/responses'].post;
    expect(route.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ResponsesCreateRequest',
    });
    expect(route.responses['200'].content['text/event-stream']).toBeDefined();
    expect(doc.components.schemas.ResponsesCreateRequest.required).toEqual(['model']);
  });
});
