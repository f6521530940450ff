import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import {
  chatBody,
  postChat,
  type RunningServer,
  startServer,
  testConfig,
} from '../testing/test-env';
import { useFakeUpstream } from '../testing/use-fake-upstream';

const up = useFakeUpstream();

const gatewayEnv = (extra: Record<string, string> = {}) =>
  testConfig(up, {
    GATEWAY_API_KEYS: 'gw-key-1',
    OPENAI_API_KEY: 'sk-openai-env-key-1',
    ANTHROPIC_API_KEY: 'sk-ant-env-key-1',
    ...extra,
  });
const auth = { authorization: 'Bearer gw-key-1' };

async function errorOf(response: Response) {
  return ((await response.json()) as { error: Record<string, unknown> }).error;
}

describe('model ids that cannot go into a header', () => {
  it('are refused before any upstream call; the stalled upstream pool stays free', async () => {
    up.setDefault({ kind: 'hang' });
    const server: RunningServer = await startServer(gatewayEnv());
    try {
      const bad = ['gpt-4o-模型', 'gpt-4o\u0000x', 'gpt-4o\r\nx-evil: 1', 'x'.repeat(1_000_000)];
      const answers = await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          fetch(`${server.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...auth },
            body: JSON.stringify(chatBody({ model: bad[i % bad.length], stream: true })),
          }).then(async (r) => ({
            status: r.status,
            type: r.headers.get('content-type'),
            id: r.headers.get('x-request-id'),
            body: (await r.json()) as { error: { param?: string; code?: string } },
          })),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(answer.type).toContain('application/json');
        expect(answer.id).toBeTruthy();
        expect(answer.body.error.param).toBe('model');
      }
      expect(up.requests).toHaveLength(0);
      expect(server.app.events.events()).toHaveLength(150);
      // A normal request is answered at once.
      up.setDefault({ kind: 'reply', text: 'fine' });
      const normal = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify(chatBody()),
      });
      expect(normal.status).toBe(200);
      expect(up.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('fallback amplification', () => {
  it('refuses more models than STEREOS_MAX_FALLBACK_MODELS, before any upstream call', async () => {
    const app = createApp(gatewayEnv());
    const models = Array.from({ length: 200 }, (_, i) => `gpt-4o-${i}`);
    const response = await postChat(app, chatBody({ models }), auth);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'too_many_models', param: 'models' });
    const header = await postChat(app, chatBody(), {
      ...auth,
      'x-stereos-fallback-models': Array.from({ length: 300 }, (_, i) => `m${i}`).join(','),
    });
    expect(header.status).toBe(400);
    expect(up.requests).toHaveLength(0);
  });

  it('drops duplicates, so a repeated model is tried once', async () => {
    up.setDefault({ kind: 'error', status: 400 });
    const app = createApp(gatewayEnv({ STEREOS_MAX_FALLBACK_MODELS: '2' }));
    const models = ['gpt-4o', 'gpt-4o', 'gpt-4o', 'gpt-4o-mini', 'gpt-4o-mini'];
    const response = await postChat(app, chatBody({ model: 'gpt-4o', models }), auth);
    expect(response.status).toBe(400);
    expect(up.requests.map((r) => r.body.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });

  it('caps the attempts of one request, retries and fallbacks together', async () => {
    up.setDefault({ kind: 'error', status: 503 });
    const app = createApp(gatewayEnv({ STEREOS_MAX_ATTEMPTS: '4', UPSTREAM_MAX_RETRIES: '2' }));
    const response = await postChat(
      app,
      chatBody({ models: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1'] }),
      auth,
    );
    expect(response.status).toBe(503);
    expect(up.requests).toHaveLength(4);
    expect(response.headers.get('x-stereos-attempts')).toBe('4');
  });
});

describe('a streamed request answered with something that is not a stream', () => {
  it('is a failed attempt: it falls back, or answers 502 with an error event', async () => {
    const notSSE = {
      kind: 'raw' as const,
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"id":"x","object":"chat.completion","choices":[]}',
    };
    const app = createApp(gatewayEnv({ UPSTREAM_MAX_RETRIES: '0' }));
    up.enqueue(notSSE, { kind: 'reply', text: 'from the fallback' });
    const fallback = await postChat(
      app,
      chatBody({ stream: true, models: ['gpt-4o-mini', 'gpt-4o'] }),
      auth,
    );
    expect(fallback.status).toBe(200);
    expect(await fallback.text()).toContain('fallback');
    expect(fallback.headers.get('x-stereos-fallback-index')).toBe('1');

    up.enqueue(notSSE);
    const failed = await postChat(app, chatBody({ stream: true }), auth);
    expect(failed.status).toBe(502);
    expect(app.events.events().at(-1)).toMatchObject({ status: 'error', stream: true });
  });
});

describe('passthrough keys', () => {
  it("never sends a caller's key to another provider", async () => {
    up.enqueue({ kind: 'error', status: 500 });
    const app = createApp(testConfig(up, { UPSTREAM_MAX_RETRIES: '0' }));
    const response = await postChat(
      app,
      chatBody({ model: 'gpt-4o', models: ['gpt-4o', 'claude-sonnet-4-5'] }),
      { authorization: 'Bearer sk-caller-openai-key-1' },
    );
    expect(up.requests).toHaveLength(1);
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-caller-openai-key-1');
    expect(response.status).toBe(503);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'provider_not_configured' });
    expect(error.message).toContain('x-stereos-key-anthropic');
    for (const request of up.requests) {
      expect(JSON.stringify(request.headers)).not.toContain('sk-caller-openai-key-1x');
    }
  });

  it('uses a per-provider caller key for a fallback of another provider', async () => {
    up.enqueue({ kind: 'error', status: 500 });
    const app = createApp(testConfig(up, { UPSTREAM_MAX_RETRIES: '0' }));
    const response = await postChat(
      app,
      chatBody({ model: 'gpt-4o', models: ['gpt-4o', 'claude-sonnet-4-5'] }),
      {
        authorization: 'Bearer sk-caller-openai-key-1',
        'x-stereos-key-anthropic': 'sk-ant-caller-key-1',
      },
    );
    expect(response.status).toBe(200);
    expect(up.requests[1]?.headers['x-api-key']).toBe('sk-ant-caller-key-1');
    expect(up.requests[1]?.headers.authorization).toBeUndefined();
  });
});

describe('errors a user can act on', () => {
  it('answers 503 provider_not_configured (naming the env var) for a valid gateway key', async () => {
    const app = createApp(testConfig(up, { GATEWAY_API_KEYS: 'gw-key-1' }));
    const response = await postChat(app, chatBody(), auth);
    expect(response.status).toBe(503);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'provider_not_configured' });
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(up.requests).toHaveLength(0);
  });

  it("keeps the upstream's type, code and param, and names the provider in a field", async () => {
    up.enqueue({
      kind: 'error',
      status: 400,
      message: "This model's maximum context length is 128000 tokens.",
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
    });
    const response = await postChat(createApp(gatewayEnv()), chatBody(), auth);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      message: "This model's maximum context length is 128000 tokens.",
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      provider: 'openai',
    });
  });

  it('names the model that answered after a fallback, in the body and every chunk', async () => {
    const app = createApp(gatewayEnv({ UPSTREAM_MAX_RETRIES: '0' }));
    up.enqueue({ kind: 'error', status: 500 });
    const models = ['gpt-4o', 'claude-sonnet-4-5'];
    const json = await postChat(app, chatBody({ model: 'gpt-4o', models }), auth);
    expect(((await json.json()) as { model: string }).model).toBe('claude-sonnet-4-5');
    up.enqueue({ kind: 'error', status: 500 });
    const stream = await postChat(app, chatBody({ model: 'gpt-4o', stream: true, models }), auth);
    const chunks = (await stream.text())
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)) as { model: string });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.model).toBe('claude-sonnet-4-5');
  });

  it('answers 502 for a non-streaming answer over STEREOS_MAX_RESPONSE_BYTES', async () => {
    up.enqueue({ kind: 'reply', text: 'x'.repeat(5_000) });
    const app = createApp(
      gatewayEnv({ STEREOS_MAX_RESPONSE_BYTES: '2048', UPSTREAM_MAX_RETRIES: '0' }),
    );
    const response = await postChat(app, chatBody(), auth);
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toMatchObject({ code: 'response_too_large' });
  });

  it('keeps a huge upstream error message out of the event log', async () => {
    up.enqueue({ kind: 'error', status: 400, message: `bad ${'x'.repeat(100_000)}` });
    const lines: string[] = [];
    const app = createApp(gatewayEnv({ LOG_EVENTS: 'true' }), { logLine: (l) => lines.push(l) });
    expect((await postChat(app, chatBody(), auth)).status).toBe(400);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(4_000);
    expect(app.events.events()[0]?.error?.message.length).toBeLessThanOrEqual(1_001);
  });
});
