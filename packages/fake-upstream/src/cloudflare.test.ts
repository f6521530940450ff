import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './start-fake-upstream.js';

let upstream: FakeUpstream;
let gatewayUrl: string;
beforeAll(async () => {
  upstream = await startFakeUpstream();
  gatewayUrl = `${upstream.url}/v1/acct/gw`;
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const messages = (content: string) => [{ role: 'user', content }];
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${gatewayUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const step = (provider: string, model: string, content: string, extra: object = {}) => ({
  provider,
  endpoint: 'chat/completions',
  headers: { Authorization: 'Bearer sk-provider', 'Content-Type': 'application/json' },
  query: { model, messages: messages(content), ...extra },
});

describe('Cloudflare AI Gateway fake: provider endpoints', () => {
  it('serves the unified compat API to the OpenAI SDK with provider/model ids', async () => {
    const client = new OpenAI({ baseURL: `${gatewayUrl}/compat`, apiKey: 'sk-x', maxRetries: 0 });
    const { data, response } = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: hi');
    expect(response.headers.get('cf-aig-cache-status')).toBe('MISS');
    expect(response.headers.get('cf-aig-log-id')).toBeTruthy();
    expect(upstream.requests[0]).toMatchObject({
      kind: 'openai-chat',
      path: '/v1/acct/gw/compat/chat/completions',
    });
    expect(upstream.cloudflareLogs).toMatchObject([
      { provider: 'compat', model: 'openai/gpt-4o-mini', status: 200, cacheStatus: 'MISS' },
    ]);
  });

  it('refuses a compat model without a provider', async () => {
    const res = await post('/compat/chat/completions', {
      model: 'gpt-4o',
      messages: messages('x'),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/provider\}\/\{model\}/);
  });

  it('serves provider-specific OpenAI and Anthropic paths (a stored key stands in)', async () => {
    const openai = await post('/openai/chat/completions', {
      model: 'gpt-4o',
      messages: messages('a'),
    });
    expect((await openai.json()).choices[0].message.content).toBe('echo: a');
    const anthropic = await post(
      '/anthropic/v1/messages',
      { model: 'claude-sonnet-4-5', max_tokens: 10, messages: messages('b') },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(anthropic.status).toBe(200);
    expect((await anthropic.json()).content[0].text).toBe('echo: b');
  });

  it('passes queued 429 and 5xx answers through, one behaviour per request', async () => {
    upstream.enqueue(
      { kind: 'error', status: 429, headers: { 'retry-after': '1' } },
      { kind: 'error', status: 503 },
    );
    const first = await post('/compat/chat/completions', {
      model: 'openai/m',
      messages: messages('x'),
    });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    const second = await post('/compat/chat/completions', {
      model: 'openai/m',
      messages: messages('x'),
    });
    expect(second.status).toBe(503);
  });

  it('leaves other /v1/x/y paths alone', async () => {
    const res = await fetch(`${upstream.url}/v1/fine_tuning/jobs`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(upstream.requests[0]?.kind).toBe('other');
  });
});

describe('Cloudflare AI Gateway fake: universal endpoint', () => {
  it('answers with the first step and says so in cf-aig-step', async () => {
    const res = await post('', [step('compat', 'openai/gpt-4o-mini', 'one')]);
    expect(res.status).toBe(200);
    expect(res.headers.get('cf-aig-step')).toBe('0');
    expect((await res.json()).choices[0].message.content).toBe('echo: one');
    expect(upstream.requests[0]?.kind).toBe('cloudflare-universal');
  });

  it('falls back to the next step when one fails', async () => {
    upstream.enqueue({ kind: 'error', status: 500 });
    const res = await post('', [
      step('openai', 'gpt-4o', 'first'),
      step('compat', 'anthropic/claude-sonnet-4-5', 'second'),
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get('cf-aig-step')).toBe('1');
    expect((await res.json()).model).toBe('anthropic/claude-sonnet-4-5');
    expect(upstream.cloudflareLogs[0]).toMatchObject({ step: 1, provider: 'compat' });
  });

  it("answers the last step's failure when every step fails", async () => {
    upstream.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 429 });
    const res = await post('', [step('openai', 'a', 'x'), step('openai', 'b', 'x')]);
    expect(res.status).toBe(429);
    expect(res.headers.get('cf-aig-step')).toBe('1');
  });

  it('streams the answering step', async () => {
    const res = await post('', [step('compat', 'openai/m', 'streamed', { stream: true })]);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    expect(text).toContain('"content":"streamed"');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('rejects a malformed step array with the Cloudflare error envelope', async () => {
    const res = await post('', [{ provider: 'openai' }]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ success: false, error: [{ code: 2000 }] });
  });
});

describe('Cloudflare AI Gateway fake: caching', () => {
  const body = { model: 'openai/m', messages: messages('cache me') };

  it('caches with cf-aig-cache-ttl and answers HIT without asking the provider', async () => {
    upstream.enqueue({ kind: 'reply', text: 'first answer' });
    const ttl = { 'cf-aig-cache-ttl': '300' };
    const miss = await post('/compat/chat/completions', body, ttl);
    expect(miss.headers.get('cf-aig-cache-status')).toBe('MISS');
    upstream.enqueue({ kind: 'reply', text: 'second answer' });
    const hit = await post('/compat/chat/completions', body, ttl);
    expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect((await hit.json()).choices[0].message.content).toBe('first answer');
    const other = await post('/compat/chat/completions', { ...body, temperature: 0 }, ttl);
    expect((await other.json()).choices[0].message.content).toBe('second answer');
    expect(upstream.cloudflareLogs.map((l) => l.cacheStatus)).toEqual(['MISS', 'HIT', 'MISS']);
  });

  it('bypasses the cache with cf-aig-skip-cache and keys it with cf-aig-cache-key', async () => {
    const ttl = { 'cf-aig-cache-ttl': '300', 'cf-aig-cache-key': 'k1' };
    await post('/compat/chat/completions', body, ttl);
    const skipped = await post('/compat/chat/completions', body, {
      ...ttl,
      'cf-aig-skip-cache': 'true',
    });
    expect(skipped.headers.get('cf-aig-cache-status')).toBe('MISS');
    const sameKey = await post('/compat/chat/completions', { ...body, seed: 1 }, ttl);
    expect(sameKey.headers.get('cf-aig-cache-status')).toBe('HIT');
  });

  it('uses the gateway default TTL and never caches failures', async () => {
    const cached = await startFakeUpstream({ cloudflare: { cacheTtl: 60 } });
    try {
      const url = `${cached.url}/v1/a/g/compat/chat/completions`;
      const send = () => fetch(url, { method: 'POST', body: JSON.stringify(body) });
      cached.enqueue({ kind: 'error', status: 500 });
      expect((await send()).status).toBe(500);
      expect((await send()).headers.get('cf-aig-cache-status')).toBe('MISS');
      expect((await send()).headers.get('cf-aig-cache-status')).toBe('HIT');
    } finally {
      await cached.close();
    }
  });

  it('replays a cached stream, reading options from universal steps (older header names too)', async () => {
    const steps = [
      {
        ...step('compat', 'openai/m', 'sse', { stream: true }),
        headers: { 'cf-cache-ttl': '120' },
      },
    ];
    const first = await (await post('', steps)).text();
    const hit = await post('', steps);
    expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(hit.headers.get('cf-aig-step')).toBe('0');
    expect(await hit.text()).toBe(first);
  });
});

describe('Cloudflare AI Gateway fake: authentication, metadata, logs', () => {
  it('answers 401 (code 2009) without the gateway token, consuming no behaviour', async () => {
    const authed = await startFakeUpstream({ cloudflare: { token: 'cf-secret' } });
    try {
      const url = `${authed.url}/v1/a/g/compat/chat/completions`;
      const send = (headers: Record<string, string>) =>
        fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ model: 'openai/m', messages: [] }),
        });
      authed.enqueue({ kind: 'reply', text: 'allowed' });
      const refused = await send({ 'cf-aig-authorization': 'Bearer wrong' });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({
        success: false,
        result: [],
        messages: [],
        error: [{ code: 2009, message: 'Unauthorized' }],
      });
      const allowed = await send({ 'cf-aig-authorization': 'Bearer cf-secret' });
      expect((await allowed.json()).choices[0].message.content).toBe('allowed');
    } finally {
      await authed.close();
    }
  });

  it('logs the first five metadata entries, and nothing with cf-aig-collect-log: false', async () => {
    const metadata = { a: 1, b: 'two', c: true, d: 4, e: 5, f: 6 };
    const body = { model: 'openai/m', messages: messages('x') };
    await post('/compat/chat/completions', body, { 'cf-aig-metadata': JSON.stringify(metadata) });
    const unlogged = await post('/compat/chat/completions', body, {
      'cf-aig-collect-log': 'false',
    });
    expect(unlogged.headers.get('cf-aig-log-id')).toBeNull();
    expect(upstream.cloudflareLogs).toHaveLength(1);
    expect(upstream.cloudflareLogs[0]?.metadata).toEqual({ a: 1, b: 'two', c: true, d: 4, e: 5 });
    expect(upstream.requests[0]?.headers['cf-aig-metadata']).toBe(JSON.stringify(metadata));
  });
});
