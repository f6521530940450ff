import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { chatBody, postChat, testConfig } from '../testing/test-env';
import { useFakeUpstream } from '../testing/use-fake-upstream';

const up = useFakeUpstream();

const auth = { authorization: 'Bearer gw-key-1' };
const env = (extra: Record<string, string> = {}) =>
  testConfig(up, {
    GATEWAY_API_KEYS: 'gw-key-1',
    OPENAI_API_KEY: 'sk-openai-env-1',
    AI_GATEWAY_API_KEY: 'vck-vercel-env-1',
    CF_AIG_TOKEN: 'cf-token-env-1',
    CLOUDFLARE_AI_GATEWAY_BASE_URL: `${up.url}/v1/acct-1/gw-1/compat`,
    STEREOS_ROUTES: 'claude*=vercel,*=cloudflare',
    ...extra,
  });

describe('STEREOS_ROUTES: Vercel AI Gateway and Cloudflare AI Gateway as upstreams', () => {
  it('sends claude* through Vercel with its vendor slug and key', async () => {
    const app = createApp(env());
    const response = await postChat(app, chatBody({ model: 'claude-sonnet-4-5' }), auth);
    expect(response.status).toBe(200);
    const request = up.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body.model).toBe('anthropic/claude-sonnet-4-5');
    expect(request.headers.authorization).toBe('Bearer vck-vercel-env-1');
    expect(response.headers.get('x-stereos-provider')).toBe('vercel');
    expect(app.events.events()[0]).toMatchObject({
      provider: 'vercel',
      model: 'anthropic/claude-sonnet-4-5',
      status: 'success',
    });
    // Priced as the creator's model.
    expect(app.events.events()[0]?.costUsd).toBeGreaterThan(0);
  });

  it("sends the rest through Cloudflare's unified endpoint, with the token and BYOK key", async () => {
    const app = createApp(env());
    const response = await postChat(app, chatBody({ model: 'gpt-4o-mini' }), {
      ...auth,
      'cf-aig-cache-ttl': '3600',
      'cf-aig-metadata': '{"team":"search","n":1}',
    });
    expect(response.status).toBe(200);
    const request = up.requests[0]!;
    expect(request.path).toBe('/v1/acct-1/gw-1/compat/chat/completions');
    expect(request.body.model).toBe('openai/gpt-4o-mini');
    expect(request.headers['cf-aig-authorization']).toBe('Bearer cf-token-env-1');
    expect(request.headers.authorization).toBe('Bearer sk-openai-env-1');
    expect(request.headers['cf-aig-cache-ttl']).toBe('3600');
    expect(request.headers['cf-aig-metadata']).toBe('{"team":"search","n":1}');
  });

  it('passes the cache verdict on and records a hit as free', async () => {
    const completion = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'openai/gpt-4o-mini',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'cached' }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    };
    up.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'application/json', 'cf-aig-cache-status': 'HIT' },
      body: JSON.stringify(completion),
    });
    const app = createApp(env());
    const response = await postChat(app, chatBody({ model: 'gpt-4o-mini' }), auth);
    expect(response.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(app.events.events()[0]).toMatchObject({ cacheHit: true, costUsd: 0 });
  });

  it('refuses a bad cf-aig option before any upstream call', async () => {
    const app = createApp(env());
    for (const [name, value] of [
      ['cf-aig-cache-ttl', '5'],
      ['cf-aig-skip-cache', 'maybe'],
      ['cf-aig-metadata', '{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}'],
      ['cf-aig-metadata', '{"nested":{"x":1}}'],
    ] as const) {
      const response = await postChat(app, chatBody(), { ...auth, [name]: value });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { param: name } });
    }
    expect(up.requests).toHaveLength(0);
  });

  it('falls back across gateways: Vercel fails, Cloudflare serves', async () => {
    up.enqueue({ kind: 'error', status: 503 });
    const app = createApp(env({ UPSTREAM_MAX_RETRIES: '0' }));
    const response = await postChat(
      app,
      chatBody({ model: 'claude-sonnet-4-5', models: ['claude-sonnet-4-5', 'gpt-4o-mini'] }),
      auth,
    );
    expect(response.status).toBe(200);
    expect(up.requests.map((r) => r.path)).toEqual([
      '/v1/chat/completions',
      '/v1/acct-1/gw-1/compat/chat/completions',
    ]);
    expect(response.headers.get('x-stereos-provider')).toBe('cloudflare');
  });

  it('still enforces budgets on gateway routes', async () => {
    const app = createApp(env({ STEREOS_BUDGET_USD: '0.00001' }));
    const response = await postChat(app, chatBody({ model: 'claude-sonnet-4-5' }), auth);
    expect(response.status).toBe(402);
    expect(up.requests).toHaveLength(0);
  });

  it('refuses a malformed STEREOS_ROUTES at start, naming it', () => {
    expect(() => env({ STEREOS_ROUTES: 'claude*=nowhere' })).toThrow(/STEREOS_ROUTES/);
  });
});
