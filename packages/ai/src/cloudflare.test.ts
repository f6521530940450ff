import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CloudflareGatewayOptions, createCloudflareGateway } from './cloudflare';
import { StereosBudgetExceededError } from './stereos-budget-exceeded-error';
import { createStereos, type StereosProviderSettings } from './stereos-provider';
import { aiVersions } from './testing/ai-versions';
import { collectEvents } from './testing/collect';

const TOKEN = 'cf-aig-test-token-123';
let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ cloudflare: { token: TOKEN } });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());
afterEach(() => vi.unstubAllEnvs());

const cloudflare = (options: CloudflareGatewayOptions = {}) =>
  createCloudflareGateway({
    baseURL: `${upstream.url}/v1`,
    accountId: 'acct',
    gateway: 'gw',
    apiKey: TOKEN,
    ...options,
  });

function setup(gateway: CloudflareGatewayOptions = {}, settings: StereosProviderSettings = {}) {
  const usage = collectEvents();
  const stereos = createStereos({
    gateway: cloudflare(gateway),
    retryBaseDelayMs: 1,
    onUsage: usage.onUsage,
    ...settings,
  });
  return { stereos, usage };
}

/** The steps of the n-th universal request the fake received. */
const stepsOf = (n = 0) => upstream.requests[n]?.body as any[];

describe.each(aiVersions)('Cloudflare AI Gateway with $version', ({ generateText, streamText }) => {
  it('generates through the universal endpoint with a unified-API step', async () => {
    const { stereos, usage } = setup();
    const { text } = await generateText({ model: stereos('openai/gpt-4o-mini'), prompt: 'hi' });
    expect(text).toBe('echo: hi');
    const [request] = upstream.requests;
    expect(request).toMatchObject({ path: '/v1/acct/gw', kind: 'cloudflare-universal' });
    expect(request?.headers['cf-aig-authorization']).toBe(`Bearer ${TOKEN}`);
    expect(stepsOf()).toMatchObject([
      { provider: 'compat', endpoint: 'chat/completions', query: { model: 'openai/gpt-4o-mini' } },
    ]);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      gateway: 'cloudflare',
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 'success',
      cacheHit: false,
      usageEstimated: false,
    });
    expect(event?.costUsd).toBeGreaterThan(0);
  });

  it('streams, asking for usage in the stream', async () => {
    const { stereos, usage } = setup();
    const result = streamText({
      model: stereos('anthropic/claude-sonnet-4-5'),
      prompt: 'stream me',
    });
    expect(await result.text).toBe('echo: stream me');
    expect(stepsOf()[0].query).toMatchObject({
      model: 'anthropic/claude-sonnet-4-5',
      stream: true,
      stream_options: { include_usage: true },
    });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ provider: 'anthropic', stream: true, usageEstimated: false });
  });

  it('falls back inside the gateway: `a,b` are Cloudflare steps of one request', async () => {
    const { stereos, usage } = setup();
    const model = stereos('openai/gpt-4o-mini,anthropic/claude-sonnet-4-5');
    upstream.enqueue({ kind: 'error', status: 503 });
    const { text, response } = await generateText({ model, prompt: 'a' });
    expect(text).toBe('echo: a');
    expect(response.headers?.['cf-aig-step']).toBe('1');
    upstream.enqueue({ kind: 'error', status: 500 });
    expect(await streamText({ model, prompt: 'b' }).text).toBe('echo: b');
    expect(upstream.requests).toHaveLength(2);
    expect(stepsOf(1).map((s) => s.query.model)).toEqual([
      'openai/gpt-4o-mini',
      'anthropic/claude-sonnet-4-5',
    ]);
    const events = await usage.waitFor(2);
    expect(events.map((e) => [e.attempts, e.fallbackIndex])).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });

  it('falls back across gateways: `cloudflare:…` then the unified gateway', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      baseURL: `${upstream.url}/unified/v1`,
      apiKey: 'k',
      gateways: { cloudflare: cloudflare() },
      maxRetries: 0,
      onUsage: usage.onUsage,
    });
    const model = stereos(['cloudflare:openai/gpt-4o-mini', 'gpt-4o']);
    upstream.enqueue({ kind: 'error', status: 500 });
    expect((await generateText({ model, prompt: 'x', maxRetries: 0 })).text).toBe('echo: x');
    expect(await streamText({ model, prompt: 'y' }).text).toBe('echo: y');
    expect(upstream.requests.map((r) => r.path)).toEqual([
      '/v1/acct/gw',
      '/unified/v1/chat/completions',
      '/v1/acct/gw',
    ]);
    const events = await usage.waitFor(2);
    expect(events.map((e) => [e.gateway, e.fallbackIndex, e.model])).toEqual([
      ['unified', 1, 'gpt-4o'],
      ['cloudflare', 0, 'gpt-4o-mini'],
    ]);
  });

  it('records a Cloudflare cache hit as costing nothing (providerOptions.cloudflare)', async () => {
    const { stereos, usage } = setup();
    const model = stereos('openai/gpt-4o-mini');
    const providerOptions = { cloudflare: { cacheTtl: 300 } };
    upstream.enqueue({ kind: 'reply', text: 'cached answer' });
    await generateText({ model, prompt: 'same', providerOptions });
    const second = await generateText({ model, prompt: 'same', providerOptions });
    expect(second.text).toBe('cached answer');
    expect(await streamText({ model, prompt: 'sse', providerOptions }).text).toBe('echo: sse');
    expect(await streamText({ model, prompt: 'sse', providerOptions }).text).toBe('echo: sse');
    expect(upstream.requests[0]?.headers['cf-aig-cache-ttl']).toBe('300');
    expect(upstream.cloudflareLogs.map((l) => l.cacheStatus)).toEqual([
      'MISS',
      'HIT',
      'MISS',
      'HIT',
    ]);
    const events = await usage.waitFor(4);
    expect(events.map((e) => e.cacheHit)).toEqual([false, true, false, true]);
    expect(events[1]?.costUsd).toBe(0);
    expect(events[3]?.costUsd).toBe(0);
    expect(events[0]?.costUsd).toBeGreaterThan(0);
  });

  it('sends gateway options, overlaid by per-call options, as cf-aig-* headers', async () => {
    const { stereos } = setup({ options: { metadata: { app: 'docs' }, collectLog: false } });
    await generateText({
      model: stereos('openai/gpt-4o-mini'),
      prompt: 'x',
      providerOptions: {
        cloudflare: { metadata: { user: 42, beta: true }, skipCache: true, cacheKey: 'faq-1' },
      },
    });
    const { headers } = upstream.requests[0]!;
    expect(JSON.parse(headers['cf-aig-metadata'] ?? '')).toEqual({
      app: 'docs',
      user: 42,
      beta: true,
    });
    expect(headers).toMatchObject({
      'cf-aig-collect-log': 'false',
      'cf-aig-skip-cache': 'true',
      'cf-aig-cache-key': 'faq-1',
    });
    expect(upstream.cloudflareLogs).toEqual([]);
    expect(stepsOf()[0].query).not.toHaveProperty('cloudflare');
  });

  it('refuses more than 5 metadata entries before any request', async () => {
    const { stereos, usage } = setup({ options: { metadata: { a: 1, b: 2, c: 3 } } });
    const metadata = { d: 4, e: 5, f: 6 };
    const call = generateText({
      model: stereos('openai/gpt-4o-mini'),
      prompt: 'x',
      maxRetries: 0,
      providerOptions: { cloudflare: { metadata } },
    });
    await expect(call).rejects.toThrow(/metadata has 6 entries \(a, b, c, d, e, f\).*at most 5/);
    expect(upstream.requests).toHaveLength(0);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'invalid_request', attempts: 1, error: { status: 400 } });
    expect(() =>
      cloudflare({ options: { metadata: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 } } }),
    ).toThrow(/at most 5/);
  });

  it('authenticates with CF_AIG_TOKEN; a refused token is a 401 that is not retried', async () => {
    vi.stubEnv('CF_AIG_TOKEN', TOKEN);
    const { stereos } = setup({ apiKey: undefined });
    await generateText({ model: stereos('openai/gpt-4o-mini'), prompt: 'x' });
    expect(upstream.requests[0]?.headers['cf-aig-authorization']).toBe(`Bearer ${TOKEN}`);

    upstream.reset();
    vi.stubEnv('CF_AIG_TOKEN', 'cf-wrong-token');
    const refused = setup({ apiKey: undefined });
    const error = await generateText({
      model: refused.stereos('openai/gpt-4o-mini'),
      prompt: 'x',
    }).catch((e) => e);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
    expect(error.message).toMatch(
      /Cloudflare AI Gateway answered 401: Unauthorized \(code 2009\).*CF_AIG_TOKEN/,
    );
    expect(error.message).not.toContain('cf-wrong-token');
    expect(upstream.requests).toHaveLength(1);
    const [event] = await refused.usage.waitFor(1);
    expect(event).toMatchObject({ status: 'error', attempts: 1, error: { status: 401 } });
  });

  it('retries 429 and 5xx answers, and does not retry 402', async () => {
    const { stereos, usage } = setup();
    const model = stereos('openai/gpt-4o-mini');
    upstream.enqueue({ kind: 'error', status: 429, headers: { 'retry-after-ms': '1' } });
    upstream.enqueue({ kind: 'error', status: 502 });
    expect((await generateText({ model, prompt: 'x' })).text).toBe('echo: x');
    upstream.enqueue({ kind: 'error', status: 402, message: 'Insufficient credits' });
    const error = await generateText({ model, prompt: 'y', maxRetries: 0 }).catch((e) => e);
    expect(error).toMatchObject({ statusCode: 402 });
    const events = await usage.waitFor(2);
    expect(events.map((e) => [e.status, e.attempts])).toEqual([
      ['success', 3],
      ['error', 1],
    ]);
  });

  it('sends a provider key only with its own provider, and none for unified billing', async () => {
    const { stereos } = setup({ providerKeys: { openai: 'sk-openai-byok-1' } });
    upstream.enqueue({ kind: 'error', status: 500 });
    await generateText({
      model: stereos('openai/gpt-4o,anthropic/claude-sonnet-4-5'),
      prompt: 'x',
    });
    const [openai, anthropic] = stepsOf();
    expect(openai.headers.authorization).toBe('Bearer sk-openai-byok-1');
    expect(anthropic.headers).not.toHaveProperty('authorization');
    expect(JSON.stringify(upstream.requests[0]?.headers)).not.toContain('sk-openai-byok-1');
  });

  it('serves dynamic routes and maps Stereos ids to Cloudflare slugs', async () => {
    const { stereos, usage } = setup();
    await generateText({ model: stereos('dynamic/support'), prompt: 'a' });
    await generateText({ model: stereos('gemini/gemini-2.5-flash'), prompt: 'b' });
    await generateText({ model: stereos('claude-sonnet-4-5'), prompt: 'c' });
    expect(upstream.requests.map((r) => r.body[0].query.model)).toEqual([
      'dynamic/support',
      'google-ai-studio/gemini-2.5-flash',
      'anthropic/claude-sonnet-4-5',
    ]);
    const events = await usage.waitFor(3);
    expect(events.map((e) => `${e.provider}:${e.model}`)).toEqual([
      'cloudflare:dynamic/support',
      'gemini:gemini-2.5-flash',
      'anthropic:claude-sonnet-4-5',
    ]);
  });

  it('reads the account and gateway from env when a call is made, or says what to set', async () => {
    const { stereos } = setup({ accountId: undefined, gateway: undefined });
    const model = stereos('openai/gpt-4o-mini');
    await expect(generateText({ model, prompt: 'x', maxRetries: 0 })).rejects.toThrow(
      /set CLOUDFLARE_ACCOUNT_ID .* and CLOUDFLARE_GATEWAY_ID/,
    );
    expect(upstream.requests).toHaveLength(0);
    vi.stubEnv('CLOUDFLARE_ACCOUNT_ID', 'env-acct');
    vi.stubEnv('CLOUDFLARE_GATEWAY_ID', 'env-gw');
    await generateText({ model, prompt: 'x' });
    expect(upstream.requests[0]?.path).toBe('/v1/env-acct/env-gw');
  });

  it('aborts the gateway request when the caller aborts', async () => {
    const { stereos } = setup();
    upstream.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const call = generateText({
      model: stereos('openai/gpt-4o-mini'),
      prompt: 'x',
      abortSignal: controller.signal,
    });
    await upstream.waitForRequests(1);
    controller.abort();
    await expect(call).rejects.toThrow();
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.aborted).toBe(true);
  });

  it('checks budgets before any request and reports usage once per call', async () => {
    const { stereos, usage } = setup({}, { budget: { limitUsd: 0.000001 } });
    const call = generateText({ model: stereos('openai/gpt-4o'), prompt: 'x', maxRetries: 0 });
    await expect(call).rejects.toSatisfy(StereosBudgetExceededError.isInstance);
    expect(upstream.requests).toHaveLength(0);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'budget_exceeded', gateway: 'cloudflare' });
    expect(usage.events).toHaveLength(1);
  });

  it('50 concurrent calls through one model each get their own answer', async () => {
    const { stereos, usage } = setup();
    const model = stereos('openai/gpt-4o-mini');
    // Varying delays interleave the calls, the case that mixes answers up in cloudflare/ai #620.
    upstream.setDefault(() => ({ kind: 'reply', delayMs: Math.floor(Math.random() * 20) }));
    const generated = await Promise.all(
      Array.from({ length: 50 }, (_, i) => generateText({ model, prompt: `question ${i}` })),
    );
    for (const [i, result] of generated.entries()) expect(result.text).toBe(`echo: question ${i}`);
    const streamed = await Promise.all(
      Array.from({ length: 50 }, (_, i) => streamText({ model, prompt: `stream ${i}` }).text),
    );
    for (const [i, text] of streamed.entries()) expect(text).toBe(`echo: stream ${i}`);
    expect(await usage.waitFor(100)).toHaveLength(100);
  });
});
