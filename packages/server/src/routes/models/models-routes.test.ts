import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../app';
import { startUpstream, testConfig } from '../../testing/test-env';

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
