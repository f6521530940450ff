import { MemoryBudgetStore } from '@stereos/core';
import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStereos } from './stereos-provider';
import { aiVersions } from './testing/ai-versions';
import { collectEvents } from './testing/collect';
import { createVercelGateway } from './vercel';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const vercel = () => createVercelGateway({ baseURL: `${upstream.url}/v1/ai`, apiKey: 'vck_test' });

// The fake gateway bills $1 per million input and $5 per million output tokens.
const USAGE = { input: 1000, output: 1000 };
const REPORTED_COST = 0.006;

describe.each(aiVersions)('Vercel AI Gateway with $version', ({ generateText, streamText }) => {
  it('generates through @ai-sdk/gateway and records the cost the gateway billed', async () => {
    const usage = collectEvents();
    const stereos = createStereos({ gateway: vercel(), onUsage: usage.onUsage });
    upstream.enqueue({ kind: 'reply', text: 'hello from vercel', usage: USAGE });
    const { text } = await generateText({
      model: stereos('anthropic/claude-sonnet-4-5'),
      prompt: 'hi',
    });
    expect(text).toBe('hello from vercel');
    const [request] = upstream.requests;
    expect(request?.path).toBe('/v1/ai/language-model');
    expect(request?.headers).toMatchObject({
      authorization: 'Bearer vck_test',
      'ai-gateway-protocol-version': '0.0.1',
      'ai-gateway-auth-method': 'api-key',
      'ai-language-model-specification-version': '2',
      'ai-language-model-id': 'anthropic/claude-sonnet-4-5',
      'ai-language-model-streaming': 'false',
    });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      status: 'success',
      gateway: 'vercel',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      inputTokens: 1000,
      outputTokens: 1000,
      costUsd: REPORTED_COST,
    });
  });

  it('streams, taking the cost from the finish part', async () => {
    const usage = collectEvents();
    const stereos = createStereos({ gateway: vercel(), onUsage: usage.onUsage });
    upstream.enqueue({ kind: 'reply', text: 'a streamed answer', usage: USAGE });
    const result = streamText({ model: stereos('google/gemini-2.5-flash'), prompt: 'hi' });
    expect(await result.text).toBe('a streamed answer');
    expect(upstream.requests[0]?.headers['ai-language-model-streaming']).toBe('true');
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      status: 'success',
      stream: true,
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      costUsd: REPORTED_COST,
    });
  });

  it('passes providerOptions.gateway through untouched, and never Stereos’ own options', async () => {
    const stereos = createStereos({ gateway: vercel() });
    const gateway = {
      order: ['bedrock', 'anthropic'],
      only: ['anthropic', 'bedrock'],
      models: ['openai/gpt-4o', 'google/gemini-2.5-flash'],
      user: 'user-1',
      tags: ['feature:chat'],
    };
    await generateText({
      model: stereos('xai/grok-4'),
      prompt: 'hi',
      providerOptions: { gateway, stereos: { user: 'someone-else', metadata: { a: 'b' } } },
    });
    expect(upstream.requests[0]?.body.providerOptions).toEqual({ gateway });
  });

  it('gives the gateway Stereos’ user and tags when it has none of its own', async () => {
    const stereos = createStereos({ gateway: vercel() });
    await generateText({
      model: stereos('xai/grok-4'),
      prompt: 'hi',
      providerOptions: {
        gateway: { order: ['xai'] },
        stereos: { user: 'user-7', tags: ['team:growth'] },
      },
    });
    expect(upstream.requests[0]?.body.providerOptions).toEqual({
      gateway: { order: ['xai'], user: 'user-7', tags: ['team:growth'] },
    });
  });

  it('falls back across gateways with `name:model`, recording who served', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      baseURL: `${upstream.url}/unified/v1`,
      apiKey: 'sk-unified',
      gateways: { vercel: vercel() },
      maxRetries: 0,
      onUsage: usage.onUsage,
    });
    const model = stereos(['vercel:anthropic/claude-sonnet-4-5', 'gpt-4o']);
    upstream.enqueue({ kind: 'error', status: 503 }, { kind: 'reply', text: 'unified served' });
    expect((await generateText({ model, prompt: 'hi' })).text).toBe('unified served');
    upstream.enqueue({ kind: 'reply', text: 'vercel served', usage: USAGE });
    expect((await generateText({ model, prompt: 'hi' })).text).toBe('vercel served');
    expect(upstream.requests.map((r) => r.path)).toEqual([
      '/v1/ai/language-model',
      '/unified/v1/chat/completions',
      '/v1/ai/language-model',
    ]);
    const events = await usage.waitFor(2);
    expect(events[0]).toMatchObject({ gateway: 'unified', fallbackIndex: 1, attempts: 2 });
    expect(events[1]).toMatchObject({
      gateway: 'vercel',
      fallbackIndex: 0,
      provider: 'anthropic',
      costUsd: REPORTED_COST,
    });
  });

  it('50 concurrent calls through one model each get their own answer', async () => {
    const usage = collectEvents();
    const stereos = createStereos({ gateway: vercel(), onUsage: usage.onUsage });
    const model = stereos('anthropic/claude-sonnet-4-5');
    const [texts, streamed] = await Promise.all([
      Promise.all(
        Array.from(
          { length: 50 },
          async (_, i) => (await generateText({ model, prompt: `q${i}` })).text,
        ),
      ),
      Promise.all(
        Array.from({ length: 50 }, (_, i) => streamText({ model, prompt: `s${i}` }).text),
      ),
    ]);
    for (const [i, text] of texts.entries()) expect(text).toBe(`echo: q${i}`);
    for (const [i, text] of streamed.entries()) expect(text).toBe(`echo: s${i}`);
    expect(await usage.waitFor(100)).toHaveLength(100);
  });

  it('reserves budget at Stereos’ price and settles it at the cost the gateway billed', async () => {
    const usage = collectEvents();
    // 1000 output tokens of Claude Sonnet 4.5 reserve ~$0.0225 (its top tier, $22.50 per million).
    // Settled at the billed $0.006, two calls fit in $0.03; settled at Stereos' own price ($0.018
    // for this usage), only one would.
    const stereos = createStereos({
      gateway: vercel(),
      budget: { limitUsd: 0.03, store: new MemoryBudgetStore() },
      onUsage: usage.onUsage,
    });
    const model = stereos('anthropic/claude-sonnet-4-5');
    upstream.setDefault({ kind: 'reply', text: 'ok', usage: USAGE });
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      const call = generateText({ model, prompt: 'hi', maxOutputTokens: 1000, maxRetries: 0 });
      outcomes.push(await call.then(() => 'ok').catch(() => 'refused'));
    }
    expect(outcomes).toEqual(['ok', 'ok', 'refused']);
    expect(upstream.requests).toHaveLength(2);
    const events = await usage.waitFor(3);
    expect(events.map((e) => [e.status, e.costUsd])).toEqual([
      ['success', REPORTED_COST],
      ['success', REPORTED_COST],
      ['budget_exceeded', 0],
    ]);
  });
});
