import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type StereosApp } from '../../app';
import {
  chatBody,
  fakeApiKeyEnv,
  postChat,
  providerTestKey,
  startUpstream,
  testConfig,
} from '../../testing/test-env';

/**
 * One call per provider: every `*_BASE_URL` points at the fake upstream with the
 * provider's default path, every provider has its own env key, and each case checks what
 * reached the wire: path, auth header, fixed headers and the upstream model.
 */
interface ProviderCase {
  provider: string;
  model: string;
  path: string;
  upstreamModel: string;
  auth: 'bearer' | 'api-key' | 'x-api-key';
  headers?: Record<string, string>;
}

const CASES: ProviderCase[] = [
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
    path: '/v1/chat/completions',
    upstreamModel: 'gpt-4o-mini',
    auth: 'bearer',
  },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    path: '/v1/messages',
    upstreamModel: 'claude-sonnet-4-5',
    auth: 'x-api-key',
  },
  {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    path: '/v1beta/openai/chat/completions',
    upstreamModel: 'gemini-2.5-flash',
    auth: 'bearer',
  },
  {
    provider: 'kimi',
    model: 'kimi-k2',
    path: '/coding/v1/chat/completions',
    upstreamModel: 'kimi-for-coding',
    auth: 'bearer',
    headers: { 'user-agent': 'KimiCLI/1.3' },
  },
  {
    provider: 'openrouter',
    model: 'openrouter/meta-llama/llama-3.1-8b-instruct',
    path: '/api/v1/chat/completions',
    upstreamModel: 'meta-llama/llama-3.1-8b-instruct',
    auth: 'bearer',
  },
  {
    provider: 'vercel',
    model: 'vercel/openai/gpt-4o',
    path: '/v1/chat/completions',
    upstreamModel: 'openai/gpt-4o',
    auth: 'bearer',
  },
  {
    provider: 'groq',
    model: 'groq/llama-3.3-70b-versatile',
    path: '/openai/v1/chat/completions',
    upstreamModel: 'llama-3.3-70b-versatile',
    auth: 'bearer',
  },
  {
    provider: 'deepseek',
    model: 'deepseek/deepseek-chat',
    path: '/v1/chat/completions',
    upstreamModel: 'deepseek-chat',
    auth: 'bearer',
  },
  {
    provider: 'xai',
    model: 'xai/grok-4',
    path: '/v1/chat/completions',
    upstreamModel: 'grok-4',
    auth: 'bearer',
  },
  {
    provider: 'mistral',
    model: 'mistral/mistral-large-latest',
    path: '/v1/chat/completions',
    upstreamModel: 'mistral-large-latest',
    auth: 'bearer',
  },
  {
    provider: 'cohere',
    model: 'cohere/command-a-03-2025',
    path: '/compatibility/v1/chat/completions',
    upstreamModel: 'command-a-03-2025',
    auth: 'bearer',
  },
  {
    provider: 'azure',
    model: 'azure/gpt-4o',
    path: '/openai/v1/chat/completions',
    upstreamModel: 'gpt-4o',
    auth: 'api-key',
  },
  {
    provider: 'bedrock',
    model: 'bedrock/openai.gpt-oss-20b-1:0',
    path: '/openai/v1/chat/completions',
    upstreamModel: 'openai.gpt-oss-20b-1:0',
    auth: 'bearer',
  },
  {
    provider: 'vertex',
    model: 'vertex/google/gemini-2.0-flash',
    path: '/v1/projects/PROJECT/locations/us-central1/endpoints/openapi/chat/completions',
    upstreamModel: 'google/gemini-2.0-flash',
    auth: 'bearer',
  },
];

let up: FakeUpstream;
let app: StereosApp;
beforeAll(async () => {
  up = await startUpstream();
  app = createApp(testConfig(up, { GATEWAY_API_KEYS: 'gw-key-1', ...fakeApiKeyEnv() }));
});
afterAll(() => up.close());
beforeEach(() => up.reset());

describe('routing to each of the 14 providers', () => {
  it('covers every provider of the table', () => {
    expect(CASES).toHaveLength(14);
  });

  it.each(CASES)('$provider: $model → $path', async (c) => {
    up.enqueue({ kind: 'reply', text: `hi from ${c.provider}`, usage: { input: 4, output: 3 } });
    const response = await postChat(app, chatBody({ model: c.model, max_tokens: 64 }), {
      authorization: 'Bearer gw-key-1',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-stereos-provider')).toBe(c.provider);
    expect(response.headers.get('x-stereos-model')).toBe(c.upstreamModel);
    const completion = (await response.json()) as any;
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].message.content).toBe(`hi from ${c.provider}`);

    expect(up.requests).toHaveLength(1);
    const request = up.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(c.path);
    expect(request.body.model).toBe(c.upstreamModel);
    // Anthropic gets the Messages API shape (core translates), the rest the client's messages.
    const content = c.provider === 'anthropic' ? [{ type: 'text', text: 'hello' }] : 'hello';
    expect(request.body.messages).toEqual([{ role: 'user', content }]);
    expect(request.body.max_tokens).toBe(64);

    const key = providerTestKey(c.provider);
    if (c.auth === 'bearer') {
      expect(request.headers.authorization).toBe(`Bearer ${key}`);
    } else if (c.auth === 'api-key') {
      expect(request.headers['api-key']).toBe(key);
      expect(request.headers.authorization).toBeUndefined();
    } else {
      expect(request.headers['x-api-key']).toBe(key);
      expect(request.headers['anthropic-version']).toBeTruthy();
    }
    // The gateway key never travels upstream.
    expect(JSON.stringify(request.headers)).not.toContain('gw-key-1');
    for (const [name, value] of Object.entries(c.headers ?? {})) {
      expect(request.headers[name]).toBe(value);
    }
  });
});
