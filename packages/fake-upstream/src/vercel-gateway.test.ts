import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './start-fake-upstream.js';
import { streamFail } from './stream-fail.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const PROMPT = [
  { role: 'system', content: 'be brief' },
  { role: 'user', content: [{ type: 'text', text: 'hello there' }] },
];

/** A request as `@ai-sdk/gateway` 2.x sends it. */
function languageModel(
  options: { stream?: boolean; model?: string; headers?: Record<string, string> } = {},
) {
  return fetch(`${upstream.url}/v1/ai/language-model`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: 'Bearer vck_test',
      'ai-gateway-protocol-version': '0.0.1',
      'ai-gateway-auth-method': 'api-key',
      'ai-language-model-specification-version': '2',
      'ai-language-model-id': options.model ?? 'anthropic/claude-sonnet-4-5',
      'ai-language-model-streaming': String(options.stream ?? false),
      ...options.headers,
    },
    body: JSON.stringify({ prompt: PROMPT, maxOutputTokens: 100 }),
  });
}

/** The SSE `data:` payloads of a stream response. */
async function parts(response: Response): Promise<any[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => JSON.parse(frame.slice('data: '.length)));
}

describe('Vercel AI Gateway language-model endpoint', () => {
  it('answers a generate call with content, usage and the billed cost', async () => {
    upstream.enqueue({ kind: 'reply', usage: { input: 1000, output: 200 } });
    const response = await languageModel();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      content: [{ type: 'text', text: 'echo: hello there' }],
      finishReason: 'stop',
      usage: { inputTokens: 1000, outputTokens: 200, totalTokens: 1200 },
      providerMetadata: {
        gateway: { cost: '0.002', routing: { resolvedProvider: 'anthropic' } },
      },
      warnings: [],
    });
    expect(upstream.requests[0]).toMatchObject({
      kind: 'vercel-language-model',
      path: '/v1/ai/language-model',
    });
    expect(upstream.requests[0]?.body.prompt).toEqual(PROMPT);
  });

  it('streams AI SDK parts ending with a finish part that carries the cost', async () => {
    upstream.enqueue({ kind: 'reply', text: 'one two', usage: { input: 10, output: 2 } });
    const response = await languageModel({ stream: true });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const received = await parts(response);
    expect(received.map((p) => p.type)).toEqual([
      'stream-start',
      'response-metadata',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect(received.filter((p) => p.type === 'text-delta').map((p) => p.delta)).toEqual([
      'one ',
      'two',
    ]);
    expect(received.at(-1)).toMatchObject({
      finishReason: 'stop',
      usage: { inputTokens: 10, outputTokens: 2 },
      providerMetadata: { gateway: { cost: '0.00002' } },
    });
  });

  it('sends tool calls as tool-call content', async () => {
    upstream.enqueue({
      kind: 'reply',
      toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }],
    });
    const body = await (await languageModel()).json();
    expect(body.content).toEqual([
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: '{"city":"Paris"}' },
    ]);
    expect(body.finishReason).toBe('tool-calls');
  });

  it.each([
    [401, 'authentication_error'],
    [402, 'insufficient_funds'],
    [429, 'rate_limit_exceeded'],
    [500, 'internal_server_error'],
    [503, 'internal_server_error'],
  ])('answers a queued %i with the gateway error body', async (status, type) => {
    upstream.enqueue({ kind: 'error', status, headers: { 'retry-after': '1' } });
    const response = await languageModel();
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await response.json()).error).toMatchObject({ type, message: expect.any(String) });
  });

  it('rejects requests the real gateway rejects without consuming a behaviour', async () => {
    upstream.enqueue({ kind: 'reply', text: 'kept' });
    const noKey = await languageModel({ headers: { authorization: '' } });
    expect(noKey.status).toBe(401);
    const v3 = await languageModel({
      headers: { 'ai-language-model-specification-version': '3' },
    });
    expect(v3.status).toBe(400);
    const bare = await languageModel({ model: 'gpt-4o' });
    expect(bare.status).toBe(404);
    expect((await bare.json()).error).toEqual({
      message: "Model 'gpt-4o' not found",
      type: 'model_not_found',
      param: { modelId: 'gpt-4o' },
    });
    expect((await (await languageModel()).json()).content[0].text).toBe('kept');
  });

  it('ends a failing stream with an error part, never a finish', async () => {
    upstream.enqueue(streamFail('partial', 'error-event'));
    const received = await parts(await languageModel({ stream: true }));
    expect(received.map((p) => p.type)).toEqual([
      'stream-start',
      'response-metadata',
      'text-start',
      'text-delta',
      'error',
    ]);
  });
});

describe('Vercel AI Gateway OpenAI-compatible chat completions', () => {
  const client = () =>
    new OpenAI({ baseURL: `${upstream.url}/vercel/v1`, apiKey: 'vck_test', maxRetries: 0 });

  it('answers vendor/model ids in OpenAI shape', async () => {
    const completion = await client().chat.completions.create({
      model: 'google/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: hi');
    expect(upstream.requests[0]).toMatchObject({
      kind: 'vercel-chat',
      path: '/vercel/v1/chat/completions',
    });
  });

  it('rejects ids without a vendor and answers queued errors in the gateway shape', async () => {
    const bare = await client()
      .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: APIError) => e);
    expect(bare).toMatchObject({ status: 404, error: { type: 'model_not_found' } });
    upstream.enqueue({ kind: 'error', status: 402 });
    const broke = await client()
      .chat.completions.create({ model: 'xai/grok-4', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: APIError) => e);
    expect(broke).toMatchObject({ status: 402, error: { type: 'insufficient_funds' } });
  });
});
