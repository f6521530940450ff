import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import type { Env } from '../../config/load-config';
import { chatBody, postChat, startUpstream, testConfig } from '../../testing/test-env';

const OPENAI_KEY = 'sk-openai-secret-123456789';

let up: FakeUpstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

function app(env: Env = {}) {
  return createApp(
    testConfig(up, {
      OPENAI_API_KEY: OPENAI_KEY,
      GROQ_API_KEY: 'gsk-groq-key-1',
      // These tests call without a key: the env keys serve them only when allowed.
      STEREOS_ALLOW_ANONYMOUS: 'true',
      ...env,
    }),
  );
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: Record<string, unknown> }).error;
}

describe('POST /v1/chat/completions: bad input', () => {
  it('answers 400 for malformed JSON and records an invalid_request event', async () => {
    const server = app();
    const response = await postChat(server, '{"model": "gpt-4o",');
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_json',
    });
    expect(up.requests).toHaveLength(0);
    expect(server.events.events()).toEqual([
      expect.objectContaining({ status: 'invalid_request', attempts: 0, gateway: 'server' }),
    ]);
  });

  it('answers 400 for JSON that is not an object', async () => {
    expect((await postChat(app(), '[1, 2]')).status).toBe(400);
    expect((await postChat(app(), 'null')).status).toBe(400);
  });

  it('answers 400 naming the field for a schema error', async () => {
    const server = app();
    const response = await postChat(server, { model: 'gpt-4o' });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error).toMatchObject({ type: 'invalid_request_error', param: 'messages' });
    expect(error.message).toMatch(/^messages: /);
    expect(server.events.events()[0]).toMatchObject({
      status: 'invalid_request',
      error: { status: 400, message: expect.stringContaining('messages') },
    });
  });

  it('names nested fields, e.g. a bad role', async () => {
    const response = await postChat(
      app(),
      chatBody({ messages: [{ role: 'robot', content: 'x' }] }),
    );
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.param).toBe('messages.0.role');
    expect(error.message).toContain('messages.0.role');
  });

  it('answers 400 for an unknown provider prefix, with one event', async () => {
    const server = app();
    const response = await postChat(server, chatBody({ model: 'foo/bar' }));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      type: 'invalid_request_error',
      code: 'unknown_provider',
      message: expect.stringContaining("'foo/'"),
    });
    expect(up.requests).toHaveLength(0);
    await expect(
      server.events.waitFor((e) => e.status === 'invalid_request'),
    ).resolves.toMatchObject({ requestedModel: 'foo/bar' });
    expect(server.events.events()).toHaveLength(1);
  });

  it('answers 400 for a malformed x-stereos-metadata header', async () => {
    const response = await postChat(app(), chatBody(), { 'x-stereos-metadata': '{"a": 1}' });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ param: 'x-stereos-metadata' });
  });

  it('answers 400 for a models field that is not a list of model ids', async () => {
    const response = await postChat(app(), chatBody({ models: 'gpt-4o' }));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ param: 'models' });
  });
});

describe('POST /v1/chat/completions: upstream failures', () => {
  it('answers 502 after 500 ×3, with the upstream message and the key redacted', async () => {
    const server = app();
    const message = `Upstream exploded for key ${OPENAI_KEY}`;
    up.enqueue(
      ...Array.from({ length: 3 }, () => ({ kind: 'error' as const, status: 500, message })),
    );
    const response = await postChat(server, chatBody());
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain(OPENAI_KEY);
    const { error } = JSON.parse(text);
    expect(error.type).toBe('upstream_error');
    expect(error.message).toContain('Upstream exploded for key [REDACTED]');
    expect(up.requests).toHaveLength(3);
    const event = await server.events.waitFor((e) => e.status === 'error');
    expect(event).toMatchObject({ attempts: 3, provider: 'openai' });
    expect(JSON.stringify(event)).not.toContain(OPENAI_KEY);
  });

  it('answers 429 with retry-after', async () => {
    up.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '7' } });
    const response = await postChat(app({ UPSTREAM_MAX_RETRIES: '0' }), chatBody());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await errorOf(response)).toMatchObject({
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
    });
  });

  it('answers 503 for an overloaded upstream and 504 for one that never answers', async () => {
    up.enqueue({ kind: 'error', status: 503 });
    const unavailable = await postChat(app({ UPSTREAM_MAX_RETRIES: '0' }), chatBody());
    expect(unavailable.status).toBe(503);

    up.enqueue({ kind: 'hang' });
    const slow = app({ UPSTREAM_MAX_RETRIES: '0', REQUEST_TIMEOUT_SECS: '0.2' });
    const timedOut = await postChat(slow, chatBody());
    expect(timedOut.status).toBe(504);
    expect(await errorOf(timedOut)).toMatchObject({ type: 'upstream_timeout' });
  });

  it('passes an upstream 4xx through', async () => {
    up.enqueue({ kind: 'error', status: 404, message: 'The model does not exist' });
    const response = await postChat(app(), chatBody({ model: 'gpt-nope' }));
    expect(response.status).toBe(404);
    expect((await errorOf(response)).message).toContain('The model does not exist');
  });
});

describe('POST /v1/chat/completions: success', () => {
  it('forwards the client bytes and adds the x-stereos headers', async () => {
    const raw = '{ "model": "gpt-4o-mini",  "messages": [{"role": "user", "content": "hi"}] }';
    up.enqueue({ kind: 'error', status: 500 }, { kind: 'reply', text: 'hello' });
    const response = await postChat(app(), raw, { 'x-request-id': 'req-abc_123' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-abc_123');
    expect(response.headers.get('x-stereos-provider')).toBe('openai');
    expect(response.headers.get('x-stereos-model')).toBe('gpt-4o-mini');
    expect(response.headers.get('x-stereos-attempts')).toBe('2');
    expect(response.headers.get('x-stereos-fallback-index')).toBe('0');
    const completion = (await response.json()) as any;
    expect(completion.choices[0].message.content).toBe('hello');
    expect(up.requests[1]?.rawBody).toBe(raw);
  });

  it('generates a request id when none (or an unusable one) is sent', async () => {
    const response = await postChat(app(), chatBody(), { 'x-request-id': 'bad id with spaces' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('falls back over the body `models` list, which is not forwarded', async () => {
    const server = app();
    up.enqueue({ kind: 'error', status: 404 }, { kind: 'reply', text: 'from groq' });
    const response = await postChat(
      server,
      chatBody({ model: 'gpt-4o', models: ['gpt-4o', 'groq/llama-3.3-70b'] }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-stereos-provider')).toBe('groq');
    expect(response.headers.get('x-stereos-model')).toBe('llama-3.3-70b');
    expect(response.headers.get('x-stereos-fallback-index')).toBe('1');
    expect(up.requests.map((r) => r.path)).toEqual([
      '/v1/chat/completions',
      '/openai/v1/chat/completions',
    ]);
    for (const request of up.requests) expect(request.body.models).toBeUndefined();
    expect(up.requests[1]?.body.model).toBe('llama-3.3-70b');
    const event = await server.events.waitFor((e) => e.status === 'success');
    expect(event).toMatchObject({ fallbackIndex: 1, attempts: 2, requestedModel: 'gpt-4o' });
  });

  it('serves an OpenRouter-style body with `models` and no `model`', async () => {
    const response = await postChat(app(), {
      models: ['groq/llama-3.3-70b', 'gpt-4o'],
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-stereos-provider')).toBe('groq');
    expect(up.requests).toHaveLength(1);
  });

  it('falls back over x-stereos-fallback-models', async () => {
    up.enqueue({ kind: 'error', status: 400 }, { kind: 'reply', text: 'fallback' });
    const response = await postChat(app(), chatBody(), {
      'x-stereos-fallback-models': ' groq/llama-3.3-70b , gpt-4o',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-stereos-provider')).toBe('groq');
  });

  it('records user, tags, metadata and the request id on the event', async () => {
    const server = app();
    await postChat(server, chatBody(), {
      'x-request-id': 'req-42',
      'x-stereos-user': 'alice',
      'x-stereos-tags': 'search, beta',
      'x-stereos-metadata': '{"team":"search","env":"test"}',
    });
    expect(await server.events.waitFor((e) => e.status === 'success')).toMatchObject({
      requestId: 'req-42',
      user: 'alice',
      tags: ['search', 'beta'],
      metadata: { team: 'search', env: 'test' },
      provider: 'openai',
      inputTokens: expect.any(Number),
    });
  });

  it('takes the end user from the body `user` field', async () => {
    const server = app();
    await postChat(server, chatBody({ user: 'bob' }));
    expect(await server.events.waitFor((e) => e.status === 'success')).toMatchObject({
      user: 'bob',
    });
  });

  it('streams server-sent events with the x-stereos headers', async () => {
    const server = app();
    up.enqueue({ kind: 'reply', text: 'one two three', usage: { input: 5, output: 3 } });
    const response = await postChat(server, chatBody({ stream: true }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-stereos-provider')).toBe('openai');
    const text = await response.text();
    expect(text).toContain('"three"');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    // The client did not ask for usage: the chunk core asked for is not passed on.
    expect(text).not.toContain('"prompt_tokens"');
    expect(await server.events.waitFor((e) => e.status === 'success')).toMatchObject({
      stream: true,
      inputTokens: 5,
      outputTokens: 3,
      usageEstimated: false,
    });
  });
});
