import { type FakeUpstream, startFakeUpstream, streamFail } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBudgetGuard } from '../budget/budget-guard';
import { GatewayCallError } from '../errors/gateway-call-error';
import { resolveProviderConfigs } from '../upstream/provider-config';
import type { GatewayEvent } from '../usage/gateway-event';
import type { ChatCompletionRequest } from '../wire/openai-chat';
import { type ChatCallInput, type ChatCallResult, createChatGateway } from './chat-gateway';
import type { ChatCredentials } from './chat-targets';

let upstream: FakeUpstream;
let events: GatewayEvent[];
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.reset();
  events = [];
});

function gateway(
  keys: Record<string, string> = {
    OPENAI_API_KEY: 'sk-openai-test-key',
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
  },
  options: Partial<Parameters<typeof createChatGateway>[0]> = {},
) {
  const chat = createChatGateway({
    providers: resolveProviderConfigs({
      OPENAI_BASE_URL: upstream.url,
      ANTHROPIC_BASE_URL: upstream.url,
      ...keys,
    }),
    retry: { maxRetries: 1, baseDelayMs: 1 },
    timeoutMs: 2_000,
    sinks: [(e) => void events.push(e)],
    ...options,
  });
  return {
    /** A call with the operator's keys (a gateway-key caller) unless credentials are given. */
    chat: (input: Omit<ChatCallInput, 'credentials'> & { credentials?: ChatCredentials }) =>
      chat.chat({ credentials: { useConfiguredKeys: true }, ...input }),
  };
}

const body = (extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'hello' }],
  ...extra,
});

/** The parsed JSON body of a non-streaming answer. */
function jsonOf(result: ChatCallResult) {
  if (result.kind !== 'json') throw new Error('expected a JSON answer');
  return JSON.parse(result.body);
}

/** The SSE bytes of a streaming answer, as text. */
function streamText(result: ChatCallResult): Promise<string> {
  if (result.kind !== 'stream') throw new Error('expected a stream');
  return new Response(result.body).text();
}

async function sseData(result: ChatCallResult): Promise<string[]> {
  const text = await streamText(result);
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => block.replace(/^data: /, ''));
}

const textOf = (data: string[]) =>
  data
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d).choices?.[0]?.delta?.content ?? '')
    .join('');

describe('createChatGateway', () => {
  it('forwards the client bytes and records usage for a JSON call', async () => {
    upstream.enqueue({ kind: 'reply', text: 'hi there', usage: { input: 10, output: 2 } });
    const raw = JSON.stringify(body());
    const result = await gateway().chat({ body: body(), rawBody: raw, requestId: 'req-1' });
    const json = jsonOf(result);
    expect(json.choices[0].message.content).toBe('hi there');
    expect(upstream.requests[0]!.rawBody).toBe(raw);
    expect(result.served).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
      attempts: 1,
      fallbackIndex: 0,
    });
    expect(events[0]).toMatchObject({
      gateway: 'server',
      status: 'success',
      inputTokens: 10,
      outputTokens: 2,
      requestId: 'req-1',
    });
    expect(events[0]!.costUsd).toBeCloseTo((10 * 2.5 + 2 * 10) / 1e6, 12);
  });

  it('streams, asks upstream for usage and hides it from a client that did not ask', async () => {
    upstream.enqueue({ kind: 'reply', text: 'one two three', usage: { input: 5, output: 3 } });
    const result = await gateway().chat({ body: body({ stream: true }) });
    const data = await sseData(result);
    expect(upstream.requests[0]!.body.stream_options).toEqual({ include_usage: true });
    expect(data.at(-1)).toBe('[DONE]');
    expect(data.some((d) => d.includes('"usage":{'))).toBe(false);
    expect(textOf(data)).toBe('one two three');
    expect(events[0]).toMatchObject({
      stream: true,
      inputTokens: 5,
      outputTokens: 3,
      usageEstimated: false,
    });
    expect(events[0]!.timeToFirstTokenMs).toBeGreaterThan(0);
  });

  it("sends a canonical upstream stream's own bytes, less the usage chunk it hides", async () => {
    const chunk = (delta: object, extra = '') =>
      `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${extra || 'null'}}]}`;
    const usage =
      '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}';
    const kept = [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hi' }),
      chunk({ content: ' there' }),
      chunk({}, '"stop"'),
    ];
    const sse = (data: string[]) => data.map((d) => `data: ${d}\n\n`).join('');
    upstream.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: sse([...kept, usage, '[DONE]']),
    });
    const result = await gateway().chat({ body: body({ stream: true }) });
    expect(await streamText(result)).toBe(sse([...kept, '[DONE]']));
    expect(events[0]).toMatchObject({ inputTokens: 4, outputTokens: 2, finishReason: 'stop' });
  });

  it('re-frames an upstream stream that is valid SSE but not canonical (CRLF, comments, no space)', async () => {
    const data = [
      '{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}',
      '{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
    ];
    upstream.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: `: keep-alive\r\n\r\ndata:${data[0]}\r\n\r\ndata: ${data[1]}\n\ndata: [DONE]\n\n`,
    });
    const result = await gateway().chat({ body: body({ stream: true }) });
    expect(await streamText(result)).toBe(
      `data: ${data[0]}\n\ndata: ${data[1]}\n\ndata: [DONE]\n\n`,
    );
  });

  it('redacts the provider key from an in-band error event the upstream echoes it in', async () => {
    upstream.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body:
        'data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\n\n' +
        'data: {"error":{"message":"Key sk-openai-test-key was revoked","type":"server_error"}}\n\n',
    });
    const result = await gateway().chat({ body: body({ stream: true }) });
    const text = await streamText(result);
    expect(text).toContain('"error"');
    expect(text).not.toContain('sk-openai-test-key');
    expect(JSON.stringify(events)).not.toContain('sk-openai-test-key');
  });

  it('keeps the usage chunk for a client that asked for it', async () => {
    upstream.enqueue({ kind: 'reply', text: 'x', usage: { input: 5, output: 1 } });
    const result = await gateway().chat({
      body: body({ stream: true, stream_options: { include_usage: true } }),
    });
    const data = await sseData(result);
    expect(data.some((d) => d.includes('"prompt_tokens":5'))).toBe(true);
  });

  it('falls back to the next model before the first content part', async () => {
    upstream.enqueue(
      { kind: 'error', status: 503 },
      { kind: 'error', status: 503 },
      { kind: 'reply', text: 'from claude' },
    );
    const result = await gateway().chat({
      body: body({ stream: true }),
      fallbackModels: ['claude-sonnet-4-5'],
    });
    const data = await sseData(result);
    expect(textOf(data)).toBe('from claude');
    expect(result.served).toMatchObject({ provider: 'anthropic', attempts: 3, fallbackIndex: 1 });
    expect(upstream.requests.map((r) => r.path)).toEqual([
      '/v1/chat/completions',
      '/v1/chat/completions',
      '/v1/messages',
    ]);
  });

  it('takes a `models` array in the body as the fallback list and does not forward it', async () => {
    upstream.enqueue(
      { kind: 'error', status: 500 },
      { kind: 'error', status: 500 },
      { kind: 'reply', text: 'mini' },
    );
    const result = await gateway().chat({
      body: { ...body(), models: ['gpt-4o', 'gpt-4o-mini'] } as ChatCompletionRequest,
    });
    expect(result.served.model).toBe('gpt-4o-mini');
    expect(upstream.requests[2]!.body.models).toBeUndefined();
  });

  it('passes a failure after the first content part through as an error event, without a fallback', async () => {
    upstream.enqueue({ kind: 'stream-fail', text: 'partial', then: 'drop' });
    const result = await gateway().chat({
      body: body({ stream: true }),
      fallbackModels: ['claude-sonnet-4-5'],
    });
    const data = await sseData(result);
    expect(data.join('')).toContain('partial');
    expect(JSON.parse(data.at(-1)!).error.type).toBe('upstream_error');
    expect(upstream.requests).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'error', finishReason: 'error' });
  });

  it('maps a final upstream failure to a client status with the key redacted', async () => {
    upstream.setDefault({ kind: 'error', status: 500, message: 'key sk-openai-test-key broke' });
    const error = await gateway()
      .chat({ body: body() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error.status).toBe(502);
    expect(error.message).not.toContain('sk-openai-test-key');
    expect(error.attempts).toBe(2);
    expect(JSON.stringify(events)).not.toContain('sk-openai-test-key');
  });

  it('treats a 200 whose body is not a completion as a bad gateway, and falls back', async () => {
    upstream.enqueue(
      {
        kind: 'raw',
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: '<html>proxy login</html>',
      },
      {
        kind: 'raw',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"ok":true}',
      },
      { kind: 'reply', text: 'from the fallback' },
    );
    const result = await gateway().chat({ body: body(), fallbackModels: ['claude-sonnet-4-5'] });
    expect(jsonOf(result).choices[0].message.content).toBe('from the fallback');
    expect(result.served).toMatchObject({ provider: 'anthropic', attempts: 3 });
    upstream.setDefault({ kind: 'raw', status: 200, body: 'junk' });
    const failure = await gateway()
      .chat({ body: body() })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(GatewayCallError);
    expect(failure.status).toBe(502);
    expect(failure.message).toContain('not JSON');
  });

  it('keeps 429 with its retry-after, not waiting out a retry-after past the cap', async () => {
    upstream.setDefault({ kind: 'error', status: 429, headers: { 'retry-after': '40' } });
    const error = await gateway()
      .chat({ body: body() })
      .catch((e) => e);
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(40);
    expect(upstream.requests).toHaveLength(1);
  });

  it('refuses an unknown provider prefix with 400 and records it', async () => {
    const error = await gateway()
      .chat({ body: body({ model: 'nope/model' }) })
      .catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.code).toBe('unknown_provider');
    expect(events[0]).toMatchObject({ status: 'invalid_request', attempts: 0 });
  });

  it('says which env variable to set when a provider has no key (503), calling nothing', async () => {
    const error = await gateway({})
      .chat({ body: body() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error.status).toBe(503);
    expect(error.code).toBe('provider_not_configured');
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(upstream.requests).toHaveLength(0);
    expect(events[0]).toMatchObject({ status: 'error', attempts: 1 });
  });

  it('uses the passthrough key over configured ones', async () => {
    await gateway().chat({
      body: body(),
      credentials: { callerKey: 'sk-client-own-key', useConfiguredKeys: true },
    });
    expect(upstream.requests[0]!.headers['authorization']).toBe('Bearer sk-client-own-key');
  });

  it("never sends the caller's key to a fallback of another provider", async () => {
    upstream.setDefault({ kind: 'error', status: 500 });
    const error = await gateway()
      .chat({
        body: body(),
        fallbackModels: ['claude-sonnet-4-5'],
        credentials: { callerKey: 'sk-client-own-key', useConfiguredKeys: false },
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error.status).toBe(503);
    expect(error.code).toBe('provider_not_configured');
    expect(error.message).toContain('x-stereos-key-anthropic');
    expect(error.message).not.toContain('sk-client-own-key');
    expect(upstream.requests.map((r) => r.path)).toEqual([
      '/v1/chat/completions',
      '/v1/chat/completions',
    ]);
  });

  it("sends the caller's key for another provider to that provider only", async () => {
    upstream.enqueue({ kind: 'error', status: 400 }, { kind: 'reply', text: 'from claude' });
    const result = await gateway().chat({
      body: body(),
      fallbackModels: ['claude-sonnet-4-5'],
      credentials: {
        callerKey: 'sk-client-own-key',
        providerKeys: { anthropic: 'sk-ant-client-key' },
        useConfiguredKeys: false,
      },
    });
    expect(jsonOf(result).choices[0].message.content).toBe('from claude');
    expect(upstream.requests[0]!.headers['authorization']).toBe('Bearer sk-client-own-key');
    expect(upstream.requests[1]!.headers['x-api-key']).toBe('sk-ant-client-key');
    expect(JSON.stringify(upstream.requests[1]!.headers)).not.toContain('sk-client-own-key');
  });

  it('estimates usage when the upstream sends none', async () => {
    upstream.enqueue({ kind: 'reply', text: 'abcdefgh', usage: false });
    const result = await gateway().chat({ body: body({ stream: true }) });
    await streamText(result);
    expect(events[0]).toMatchObject({ usageEstimated: true, outputTokens: 2 });
    expect(events[0]!.inputTokens).toBeGreaterThan(0);
  });

  it('estimates the output of a long stream without parsing every event', async () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    upstream.enqueue({ kind: 'reply', text, chunks: 12, usage: false });
    const result = await gateway().chat({ body: body({ stream: true }) });
    expect(textOf(await sseData(result))).toBe(text);
    expect(events[0]?.usageEstimated).toBe(true);
    expect(Math.abs(events[0]!.outputTokens - Math.ceil(text.length / 4))).toBeLessThanOrEqual(1);
  });

  it('ends a stream that stalls after its first content with an error event, not a hang', async () => {
    upstream.enqueue({ kind: 'stream-fail', text: 'partial answer', then: 'stall' });
    const stalling = createChatGateway({
      providers: resolveProviderConfigs({
        OPENAI_BASE_URL: upstream.url,
        OPENAI_API_KEY: 'sk-test-123456',
      }),
      retry: { maxRetries: 0, baseDelayMs: 1 },
      timeoutMs: 150,
      sinks: [(e) => void events.push(e)],
    });
    const result = await stalling.chat({
      body: body({ stream: true }),
      credentials: { useConfiguredKeys: true },
    });
    const data = await sseData(result);
    expect(textOf(data.slice(0, -1))).toBe('partial answer');
    expect(JSON.parse(data.at(-1)!).error.message).toMatch(/stalled/);
    expect(events[0]).toMatchObject({ status: 'error', finishReason: 'error' });
    await upstream.requests[0]!.closed;
    expect(upstream.requests[0]!.aborted).toBe(true);
  });

  it('aborts the upstream when the client goes away mid-stream, and records it', async () => {
    upstream.enqueue({ kind: 'reply', text: 'a b c d e f g h', chunks: 8, chunkDelayMs: 100 });
    const controller = new AbortController();
    const result = await gateway().chat({
      body: body({ stream: true }),
      signal: controller.signal,
    });
    if (result.kind !== 'stream') throw new Error('expected a stream');
    const reader = result.body.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel();
    await upstream.requests[0]!.closed;
    expect(upstream.requests[0]!.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(events[0]?.status).toBe('aborted');
  });

  it('reports the model that answered in the body after a fallback to another provider', async () => {
    upstream.enqueue({ kind: 'error', status: 400 }, { kind: 'reply', text: 'from claude' });
    const result = await gateway().chat({ body: body(), fallbackModels: ['claude-sonnet-4-5'] });
    const json = jsonOf(result);
    expect(json.model).toBe('claude-sonnet-4-5');
    expect(json.object).toBe('chat.completion');
    expect(result.served).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
    expect(events[0]).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
  });

  it("passes an upstream 400's message, code and param through unchanged", async () => {
    upstream.enqueue({
      kind: 'raw',
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: {
          message: 'too long',
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
          param: 'messages',
        },
      }),
    });
    const error = await gateway()
      .chat({ body: body() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      param: 'messages',
      provider: 'openai',
      message: 'too long',
      attempts: 1,
    });
    expect(error.event).toBe(events[0]);
    expect(events).toHaveLength(1);
  });

  it('falls back when a stream request is answered 200 with a JSON body, not a stream', async () => {
    const notAStream = {
      kind: 'raw' as const,
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }],
      }),
    };
    upstream.enqueue(notAStream, notAStream, { kind: 'reply', text: 'from claude' });
    const result = await gateway().chat({
      body: body({ stream: true }),
      fallbackModels: ['claude-sonnet-4-5'],
    });
    expect(textOf(await sseData(result))).toBe('from claude');
    expect(result.served).toMatchObject({ provider: 'anthropic', attempts: 3, fallbackIndex: 1 });

    events.length = 0;
    upstream.setDefault(notAStream);
    const error = await gateway()
      .chat({ body: body({ stream: true }) })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error.status).toBe(502);
    expect(error.message).toContain('ended before any content');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'error', stream: true });
  });

  it('falls back when Anthropic sends an error event before any content', async () => {
    upstream.enqueue(streamFail('', 'error-event'), { kind: 'reply', text: 'from openai' });
    const result = await gateway(
      { ANTHROPIC_API_KEY: 'sk-ant-test-key', OPENAI_API_KEY: 'sk-openai-test-key' },
      { retry: { maxRetries: 0, baseDelayMs: 1 } },
    ).chat({
      body: body({ model: 'claude-sonnet-4-5', stream: true }),
      fallbackModels: ['gpt-4o'],
    });
    expect(textOf(await sseData(result))).toBe('from openai');
    expect(result.served).toMatchObject({ provider: 'openai', fallbackIndex: 1 });
  });

  it('passes an Anthropic error event after content through once, as the last event', async () => {
    upstream.enqueue(streamFail('partial answer', 'error-event'));
    const result = await gateway().chat({
      body: body({ model: 'claude-sonnet-4-5', stream: true }),
      fallbackModels: ['gpt-4o'],
    });
    const data = await sseData(result);
    expect(textOf(data.slice(0, -1))).toBe('partial answer');
    const errors = data.filter((d) => d.includes('"error"'));
    expect(errors).toHaveLength(1);
    expect(JSON.parse(data.at(-1)!).error).toMatchObject({ code: 'overloaded' });
    expect(data).not.toContain('[DONE]');
    expect(upstream.requests).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'error', finishReason: 'error' });
  });

  it('refuses an answer larger than maxResponseBytes as a bad gateway', async () => {
    upstream.setDefault({ kind: 'reply', text: 'x'.repeat(5_000) });
    const error = await gateway(undefined, { maxResponseBytes: 1_024 })
      .chat({ body: body() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error.status).toBe(502);
    expect(error.message).toContain("more than 1024 bytes (the gateway's limit)");
  });

  it('refuses a call over budget with 402 before calling any upstream, and records it', async () => {
    const budget = createBudgetGuard({ limitUsd: 0.000_01 });
    const error = await gateway(undefined, { budget })
      .chat({ body: body({ max_tokens: 1_000 }) })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error).toMatchObject({
      status: 402,
      code: 'budget_exceeded',
      type: 'insufficient_quota',
    });
    expect(error.details.budget).toMatchObject({ scope: 'global', max_output_tokens: 1_000 });
    expect(upstream.requests).toHaveLength(0);
    expect(events).toEqual([error.event]);
    expect(events[0]).toMatchObject({ status: 'budget_exceeded', attempts: 0 });
  });
});
