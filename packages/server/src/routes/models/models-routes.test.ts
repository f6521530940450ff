import Anthropic from '@anthropic-ai/sdk';
import type { FakeUpstream } from '@stereos/fake-upstream';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../app';
import { createKey, MASTER_KEY } from '../../testing/governance';
import { startServer, startUpstream, testConfig } from '../../testing/test-env';

// Nothing listens on port 1: connecting fails at once.
const DEAD_URL = 'http://127.0.0.1:1';

let up: FakeUpstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

describe('GET /v1/models', () => {
  it('aggregates the providers that have keys, ids prefixed with the provider', async () => {
    const app = createApp(
      testConfig(up, {
        OPENAI_API_KEY: 'sk-openai-key-1',
        GROQ_API_KEY: 'gsk-groq-key-1',
        STEREOS_ALLOW_ANONYMOUS: 'true',
      }),
    );
    const response = await app.request('/v1/models');
    expect(response.status).toBe(200);
    const { object, data } = (await response.json()) as { object: string; data: { id: string }[] };
    expect(object).toBe('list');
    const ids = data.map((m) => m.id);
    expect(ids).toContain('openai/gpt-4o-mini');
    expect(ids).toContain('groq/gpt-4o-mini');
    expect(ids.every((id) => id.startsWith('openai/') || id.startsWith('groq/'))).toBe(true);

    const calls = up.requests.map((r) => [r.path, r.headers.authorization]).sort();
    expect(calls).toEqual([
      ['/openai/v1/models', 'Bearer gsk-groq-key-1'],
      ['/v1/models', 'Bearer sk-openai-key-1'],
    ]);
  });

  it('leaves out a failing provider instead of failing the list', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const app = createApp(
      testConfig(up, {
        OPENAI_API_KEY: 'sk-openai-key-1',
        GROQ_API_KEY: 'gsk-groq-key-1',
        GROQ_BASE_URL: DEAD_URL,
        STEREOS_ALLOW_ANONYMOUS: 'true',
      }),
    );
    const response = await app.request('/v1/models');
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string }[] };
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((m) => m.id.startsWith('openai/'))).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"provider":"groq"'));
    warn.mockRestore();
  });

  it('lists one provider with ?provider=, using the caller key in passthrough mode', async () => {
    const app = createApp(testConfig(up));
    const response = await app.request('/v1/models?provider=anthropic', {
      headers: { authorization: 'Bearer sk-ant-caller-key' },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string }[] };
    expect(data.map((m) => m.id)).toContain('claude-sonnet-4-6');
    const [request] = up.requests;
    expect(request?.path).toBe('/v1/models');
    expect(request?.headers['x-api-key']).toBe('sk-ant-caller-key');
    expect(request?.headers['anthropic-version']).toBeTruthy();
  });

  it('uses the env key, not the gateway key, in gateway mode', async () => {
    const app = createApp(
      testConfig(up, { GATEWAY_API_KEYS: 'gw-key-1', OPENAI_API_KEY: 'sk-openai-env' }),
    );
    const response = await app.request('/v1/models?provider=openai', {
      headers: { authorization: 'Bearer gw-key-1' },
    });
    expect(response.status).toBe(200);
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-openai-env');
  });

  it('answers 400 for an unknown provider', async () => {
    const app = createApp(testConfig(up, { STEREOS_ALLOW_ANONYMOUS: 'true' }));
    const response = await app.request('/v1/models?provider=foo');
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ type: 'invalid_request_error', param: 'provider' });
    expect(error.message).toMatch(/^provider: .*"openai"/);
    expect(up.requests).toHaveLength(0);
  });

  it('answers 502 when the one requested provider is unreachable', async () => {
    const app = createApp(testConfig(up, { MISTRAL_BASE_URL: DEAD_URL }));
    const response = await app.request('/v1/models?provider=mistral', {
      headers: { authorization: 'Bearer caller-key' },
    });
    expect(response.status).toBe(502);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ type: 'upstream_error', code: 'connection_error' });
  });

  it('requires a gateway key when GATEWAY_API_KEYS is set', async () => {
    const app = createApp(testConfig(up, { GATEWAY_API_KEYS: 'gw-key-1' }));
    expect((await app.request('/v1/models')).status).toBe(401);
  });
});

/** The provider each recorded upstream call went to, by its path, with the key it carried. */
function upstreamCalls(up: FakeUpstream): string[] {
  return up.requests
    .map((r) => {
      const key = r.headers['x-api-key'] ?? r.headers.authorization?.replace(/^Bearer /, '');
      const provider =
        r.path === '/v1/models' && r.headers['anthropic-version'] ? 'anthropic' : r.path;
      return `${provider} ${key}`;
    })
    .sort();
}

// Every provider has an env key here: passthrough callers must still list with their own keys
// only, and each key must reach its own provider only.
const ENV_KEYS = {
  OPENAI_API_KEY: 'sk-openai-env-key',
  ANTHROPIC_API_KEY: 'sk-ant-env-key',
  GROQ_API_KEY: 'gsk-groq-env-key',
};

describe('GET /v1/models in passthrough mode: the caller key lists its own provider only', () => {
  it('a bearer key lists OpenAI with that key; Anthropic never sees it', async () => {
    const app = createApp(testConfig(up, ENV_KEYS));
    const response = await app.request('/v1/models', {
      headers: { authorization: 'Bearer sk-caller-openai-key' },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string }[] };
    expect(data.map((m) => m.id)).toEqual(
      expect.arrayContaining(['openai/gpt-4o-mini', 'openai/claude-sonnet-4-6']),
    );
    expect(data.every((m) => m.id.startsWith('openai/'))).toBe(true);
    expect(upstreamCalls(up)).toEqual(['/v1/models sk-caller-openai-key']);
  });

  it('an x-api-key key lists Anthropic with that key; OpenAI never sees it', async () => {
    const app = createApp(testConfig(up, ENV_KEYS));
    const response = await app.request('/v1/models', {
      headers: { 'x-api-key': 'sk-ant-caller-key' },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string }[] };
    expect(data.map((m) => m.id)).toContain('anthropic/claude-sonnet-4-6');
    expect(data.every((m) => m.id.startsWith('anthropic/'))).toBe(true);
    expect(upstreamCalls(up)).toEqual(['anthropic sk-ant-caller-key']);
  });

  it('x-stereos-key-<provider> headers list those providers, each with its own key', async () => {
    const app = createApp(testConfig(up, ENV_KEYS));
    const response = await app.request('/v1/models', {
      headers: {
        authorization: 'Bearer sk-caller-openai-key',
        'x-stereos-key-groq': 'gsk-caller-groq-key',
        'x-stereos-key-anthropic': 'sk-ant-caller-key',
      },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string }[] };
    const providers = new Set(data.map((m) => m.id.split('/')[0]));
    expect([...providers].sort()).toEqual(['anthropic', 'groq', 'openai']);
    expect(upstreamCalls(up)).toEqual([
      '/openai/v1/models gsk-caller-groq-key',
      '/v1/models sk-caller-openai-key',
      'anthropic sk-ant-caller-key',
    ]);
  });

  it('the anonymous env keys fill in only where the caller has no key, when allowed', async () => {
    const app = createApp(testConfig(up, { ...ENV_KEYS, STEREOS_ALLOW_ANONYMOUS: 'true' }));
    const response = await app.request('/v1/models', {
      headers: { authorization: 'Bearer sk-caller-openai-key' },
    });
    expect(response.status).toBe(200);
    expect(upstreamCalls(up)).toEqual([
      '/openai/v1/models gsk-groq-env-key',
      '/v1/models sk-caller-openai-key',
      'anthropic sk-ant-env-key',
    ]);
  });

  it('leaves out a failing provider of the caller, its key kept out of the log line', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const app = createApp(testConfig(up, { GROQ_BASE_URL: DEAD_URL }));
    const response = await app.request('/v1/models', {
      headers: {
        authorization: 'Bearer sk-caller-openai-key',
        'x-stereos-key-groq': 'gsk-caller-groq-key-123456',
      },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string }[] };
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((m) => m.id.startsWith('openai/'))).toBe(true);
    const line = String(warn.mock.calls[0]?.[0]);
    expect(line).toContain('"provider":"groq"');
    expect(line).not.toContain('gsk-caller-groq-key-123456');
    warn.mockRestore();
  });

  it('through the openai SDK: models.list() with the caller key', async () => {
    const server = await startServer(testConfig(up, ENV_KEYS));
    try {
      const client = new OpenAI({
        baseURL: `${server.url}/v1`,
        apiKey: 'sk-caller-openai-key',
        maxRetries: 0,
      });
      const ids: string[] = [];
      for await (const model of client.models.list()) ids.push(model.id);
      expect(ids).toContain('openai/gpt-4o-mini');
      expect(upstreamCalls(up)).toEqual(['/v1/models sk-caller-openai-key']);
    } finally {
      await server.close();
    }
  });

  it('through @anthropic-ai/sdk (bearer key): models.list() lists Anthropic, in its page shape', async () => {
    const server = await startServer(testConfig(up, ENV_KEYS));
    try {
      const client = new Anthropic({
        baseURL: server.url,
        apiKey: 'sk-ant-caller-key',
        maxRetries: 0,
      });
      const page = await client.models.list();
      expect(page.has_more).toBe(false);
      expect(page.data[0]).toMatchObject({
        type: 'model',
        id: 'anthropic/gpt-4o-mini',
        display_name: 'anthropic/gpt-4o-mini',
        created_at: '2023-11-14T22:13:20.000Z',
      });
      expect(page.data.map((m) => m.id)).toContain('anthropic/claude-sonnet-4-6');
      // The SDK sends its key as a bearer token with `anthropic-version`: an Anthropic key.
      expect(upstreamCalls(up)).toEqual(['anthropic sk-ant-caller-key']);
    } finally {
      await server.close();
    }
  });
});

describe('GET /v1/models with gateway keys', () => {
  const governed = () => createApp(testConfig(up, { ...ENV_KEYS, STEREOS_MASTER_KEY: MASTER_KEY }));

  it("a virtual key lists only its allowed models, from the operator's env keys", async () => {
    const app = governed();
    const { key } = await createKey(app, { models: ['gpt-4o*', 'anthropic/claude-haiku*'] });
    up.reset();
    const response = await app.request('/v1/models', {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string }[] };
    expect(data.map((m) => m.id).sort()).toEqual([
      'anthropic/claude-haiku-4-5',
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
    ]);
    expect(upstreamCalls(up)).toEqual([
      '/openai/v1/models gsk-groq-env-key',
      '/v1/models sk-openai-env-key',
      'anthropic sk-ant-env-key',
    ]);
    const one = await app.request('/v1/models?provider=anthropic', {
      headers: { authorization: `Bearer ${key}` },
    });
    const listed = (await one.json()) as { data: { id: string }[] };
    expect(listed.data.map((m) => m.id)).toEqual(['claude-haiku-4-5']);
  });

  it('the master key lists every configured provider', async () => {
    const app = governed();
    const response = await app.request('/v1/models', {
      headers: { authorization: `Bearer ${MASTER_KEY}` },
    });
    const { data } = (await response.json()) as { data: { id: string }[] };
    expect(new Set(data.map((m) => m.id.split('/')[0]))).toEqual(
      new Set(['openai', 'anthropic', 'groq']),
    );
  });

  it('answers 503 naming the env variable for a provider without a key', async () => {
    const app = createApp(testConfig(up, { GATEWAY_API_KEYS: 'gw-key-1' }));
    const response = await app.request('/v1/models?provider=groq', {
      headers: { authorization: 'Bearer gw-key-1' },
    });
    expect(response.status).toBe(503);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ code: 'provider_not_configured' });
    expect(error.message).toContain('GROQ_API_KEY');
    expect(up.requests).toHaveLength(0);
  });
});

describe('HEAD /api/hello (Claude Code opens its connection with it)', () => {
  it('answers 200 without a key, in both modes', async () => {
    for (const env of [{}, { GATEWAY_API_KEYS: 'gw-key-1' }]) {
      const app = createApp(testConfig(up, env));
      expect((await app.request('/api/hello', { method: 'HEAD' })).status).toBe(200);
      const get = await app.request('/api/hello');
      expect(await get.json()).toEqual({ status: 'ok' });
    }
  });
});
