import OpenAI, { RateLimitError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type StereosApp } from '../app';
import { createMemoryRateLimiter } from '../stores/memory/memory-rate-limiter';
import { createEmbeddedStores } from '../stores/server-stores';
import { createKey, MASTER_KEY } from '../testing/governance';
import {
  chatBody,
  postChat,
  type RunningServer,
  startServer,
  testConfig,
} from '../testing/test-env';
import { useFakeUpstream } from '../testing/use-fake-upstream';

const up = useFakeUpstream();

const env = { STEREOS_MASTER_KEY: MASTER_KEY, OPENAI_API_KEY: 'sk-openai-env-key-1' };
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const app = () => createApp(testConfig(up, env), { stores: frozenClockStores() });

/** Embedded stores whose rate windows never roll over mid-test (they align to the clock). */
function frozenClockStores() {
  return { ...createEmbeddedStores(), rates: createMemoryRateLimiter({ now: () => 90_000 }) };
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: Record<string, any> }).error;
}

describe('allowed models (globs)', () => {
  it('refuses a model outside the globs with 403 before any upstream call, one event', async () => {
    const gateway = app();
    const { id, key } = await createKey(gateway, { models: ['gpt-4o*', 'claude-*'] });
    expect((await postChat(gateway, chatBody({ model: 'gpt-4o-mini' }), auth(key))).status).toBe(
      200,
    );
    up.reset();
    gateway.events.clear();
    const refused = await postChat(gateway, chatBody({ model: 'o3-mini' }), auth(key));
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatchObject({
      type: 'permission_error',
      code: 'model_not_allowed',
      param: 'model',
      message: expect.stringContaining("'o3-mini'"),
    });
    expect(up.requests).toHaveLength(0);
    expect(gateway.events.events()).toEqual([
      expect.objectContaining({ status: 'unauthorized', keyId: id, requestedModel: 'o3-mini' }),
    ]);
  });

  it('checks every fallback model too (header and body `models`)', async () => {
    const gateway = app();
    const { key } = await createKey(gateway, { models: ['gpt-4o*'] });
    const viaHeader = await postChat(gateway, chatBody(), {
      ...auth(key),
      'x-stereos-fallback-models': 'gpt-4o,o1-pro',
    });
    expect(viaHeader.status).toBe(403);
    expect((await errorOf(viaHeader)).message).toContain("'o1-pro'");
    const viaBody = await postChat(
      gateway,
      { models: ['gpt-4o-mini', 'claude-opus-4-1'], messages: chatBody().messages },
      auth(key),
    );
    expect(viaBody.status).toBe(403);
    expect(up.requests).toHaveLength(0);
  });
});

describe('requests per minute', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(testConfig(up, env), { stores: frozenClockStores() });
  });
  afterAll(() => server.close());

  it('answers the 4th request of a minute with 429, OpenAI headers and one event', async () => {
    const { id, key } = await createKey(server.app, { rpm: 3 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth(key) },
        body: JSON.stringify(chatBody()),
      });
      statuses.push(last.status);
      if (i === 0) {
        expect(last.headers.get('x-ratelimit-limit-requests')).toBe('3');
        expect(last.headers.get('x-ratelimit-remaining-requests')).toBe('2');
      }
      if (i < 3) await last.text();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const headers = last!.headers;
    expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(headers.get('x-ratelimit-limit-requests')).toBe('3');
    expect(headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(headers.get('x-ratelimit-reset-requests')).toBe('30s');
    expect(headers.get('retry-after')).toBe('30');
    expect(await errorOf(last!)).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
    expect(up.requests).toHaveLength(3);
    const rejected = await server.app.events.waitFor((e) => e.status === 'rate_limited');
    expect(rejected.keyId).toBe(id);

    // The OpenAI SDK sees its own RateLimitError.
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('rate_limit_exceeded');
  });
});

describe('tokens per minute', () => {
  it('counts tokens after each call and refuses once the window is spent', async () => {
    const gateway = app();
    const { key } = await createKey(gateway, { tpm: 100 });
    up.enqueue({ kind: 'reply', text: 'ok', usage: { input: 60, output: 50 } });
    const first = await postChat(gateway, chatBody(), auth(key));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-tokens')).toBe('100');
    expect(first.headers.get('x-ratelimit-remaining-tokens')).toBe('100');
    await gateway.events.waitFor((e) => e.status === 'success');
    const second = await postChat(gateway, chatBody(), auth(key));
    expect(second.status).toBe(429);
    expect(second.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(second.headers.get('retry-after')).toBeTruthy();
    expect(await errorOf(second)).toMatchObject({ type: 'tokens', code: 'rate_limit_exceeded' });
    expect(up.requests).toHaveLength(1);
  });

  it('leaves keys without limits, GATEWAY_API_KEYS and the master key unlimited', async () => {
    const gateway = createApp(testConfig(up, { ...env, GATEWAY_API_KEYS: 'gw-key-1' }));
    const { key } = await createKey(gateway);
    for (const k of [key, 'gw-key-1', MASTER_KEY]) {
      const response = await postChat(gateway, chatBody(), auth(k));
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit-requests')).toBeNull();
    }
  });
});

describe("the key's budget", () => {
  it('is reserved with the call: a refusal is the engine 402 with scope key:<id>', async () => {
    const gateway = app();
    const { id, key } = await createKey(gateway, { budget: { limit_usd: 0.0001, period: 'day' } });
    const refused = await postChat(gateway, chatBody({ max_tokens: 1000 }), auth(key));
    expect(refused.status).toBe(402);
    expect(await errorOf(refused)).toMatchObject({
      code: 'budget_exceeded',
      budget: { scope: `key:${id}`, limit_usd: 0.0001 },
    });
    expect(up.requests).toHaveLength(0);
    expect(gateway.events.events()).toEqual([
      expect.objectContaining({ status: 'budget_exceeded', keyId: id }),
    ]);
    // A small call fits.
    expect((await postChat(gateway, chatBody({ max_tokens: 10 }), auth(key))).status).toBe(200);
  });

  it('keeps its spend apart from STEREOS_BUDGET_SCOPE=key of the same key', async () => {
    const gateway = createApp(
      testConfig(up, { ...env, STEREOS_BUDGET_USD: '0.0007', STEREOS_BUDGET_SCOPE: 'key' }),
    );
    const { key } = await createKey(gateway, { budget: { limit_usd: 0.0007, period: 'month' } });
    // Each limit holds one ~$0.0006 call: were the two summed in one scope, this would be 402.
    expect((await postChat(gateway, chatBody({ max_tokens: 1000 }), auth(key))).status).toBe(200);
  });
});

describe('subject', () => {
  it("merges the key's user, tags and metadata: the key's values win", async () => {
    const gateway: StereosApp = app();
    const { key } = await createKey(gateway, {
      user: 'owner',
      tags: ['ci'],
      metadata: { team: 'search' },
    });
    await postChat(gateway, chatBody({ user: 'body-user' }), {
      ...auth(key),
      'x-stereos-user': 'header-user',
      'x-stereos-tags': 'nightly',
      'x-stereos-metadata': '{"team":"other","run":"7"}',
    });
    const event = await gateway.events.waitFor((e) => e.status === 'success');
    expect(event).toMatchObject({
      user: 'owner',
      tags: ['ci', 'nightly'],
      metadata: { team: 'search', run: '7' },
    });
  });
});
