import { embed, embedMany } from 'ai-v5';
import { describe, expect, it } from 'vitest';
import { createCloudflareGateway } from './cloudflare';
import { StereosBudgetExceededError } from './stereos-budget-exceeded-error';
import { createStereos } from './stereos-provider';
import { collectEvents } from './testing/collect';
import { failingFetch } from './testing/failing-fetch';
import { useKindTestEnv } from './testing/kind-test-env';
import { createVercelGateway } from './vercel';

const env = useKindTestEnv();
const { unified, direct } = env;

describe('textEmbeddingModel through the unified gateway', () => {
  it('embeds and records one embeddings event with the tokens and cost', async () => {
    const usage = collectEvents();
    const stereos = unified({ onUsage: usage.onUsage });
    const { embedding, usage: tokens } = await embed({
      model: stereos.textEmbeddingModel('text-embedding-3-small'),
      value: 'sunny day at the beach',
      providerOptions: { stereos: { user: 'u-1', tags: ['search'] } },
    });
    expect(embedding).toHaveLength(8);
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/v1/embeddings');
    expect(request.headers.authorization).toBe('Bearer sk-stereos-key-1');
    expect(request.headers['x-stereos-user']).toBe('u-1');
    expect(request.body).toMatchObject({ model: 'text-embedding-3-small' });
    expect(request.body.stereos).toBeUndefined();
    const [event] = await usage.waitFor(1);
    expect(usage.events).toHaveLength(1);
    expect(event).toMatchObject({
      gateway: 'unified',
      operation: 'embeddings',
      status: 'success',
      provider: 'openai',
      model: 'text-embedding-3-small',
      inputTokens: tokens.tokens,
      outputTokens: 0,
      usageEstimated: false,
      attempts: 1,
      user: 'u-1',
      tags: ['search'],
    });
    expect(event!.costUsd).toBeGreaterThan(0);
  });

  it('embedMany falls back to the next model when the first answers 500', async () => {
    const usage = collectEvents();
    const stereos = unified({ onUsage: usage.onUsage, maxRetries: 0, fetch: failingFetch(1, 500) });
    const { embeddings } = await embedMany({
      model: stereos.textEmbeddingModel(['text-embedding-3-small', 'text-embedding-3-large']),
      values: ['a', 'b', 'c'],
      maxRetries: 0,
    });
    expect(embeddings).toHaveLength(3);
    expect(env.upstream.requests.map((r) => r.body.model)).toEqual(['text-embedding-3-large']);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      operation: 'embeddings',
      status: 'success',
      attempts: 2,
      fallbackIndex: 1,
      requestedModel: 'text-embedding-3-small',
      model: 'text-embedding-3-large',
    });
    expect(event!.inputTokens).toBeGreaterThan(0);
  });

  it('retries a 500 on the same model before falling back', async () => {
    const usage = collectEvents();
    const stereos = unified({
      onUsage: usage.onUsage,
      maxRetries: 1,
      retryBaseDelayMs: 1,
      fetch: failingFetch(1, 500),
    });
    await embed({ model: stereos.textEmbeddingModel('text-embedding-3-small'), value: 'x' });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ attempts: 2, fallbackIndex: 0, status: 'success' });
  });

  it('refuses past the budget before any upstream call', async () => {
    const usage = collectEvents();
    const stereos = unified({
      onUsage: usage.onUsage,
      budget: { limitUsd: 0.000_000_01, period: 'day' },
    });
    const error = await embed({
      model: stereos.textEmbeddingModel('text-embedding-3-small'),
      value: 'x'.repeat(10_000),
      maxRetries: 0,
    }).catch((e) => e);
    expect(StereosBudgetExceededError.isInstance(error)).toBe(true);
    expect(env.upstream.requests).toHaveLength(0);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      operation: 'embeddings',
      status: 'budget_exceeded',
      attempts: 0,
    });
  });

  it('passes a 400 through without retrying it, as not retryable', async () => {
    const usage = collectEvents();
    const stereos = unified({ onUsage: usage.onUsage, fetch: failingFetch(1, 400, 'bad input') });
    const error = await embed({
      model: stereos.textEmbeddingModel('text-embedding-3-small'),
      value: 'x',
    }).catch((e) => e);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
    expect(String(error.message)).toContain('bad input');
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'error', attempts: 1, error: { status: 400 } });
  });
});

describe('concurrency', () => {
  it('50 concurrent calls through one model each get their own answer and event', async () => {
    const usage = collectEvents();
    const model = unified({ onUsage: usage.onUsage }).textEmbeddingModel('text-embedding-3-small');
    const values = Array.from({ length: 50 }, (_, i) => `value number ${i}`);
    const alone = await embedMany({ model, values, maxParallelCalls: 1 });
    const together = await Promise.all(values.map((value) => embed({ model, value })));
    expect(together.map((r) => r.embedding)).toEqual(alone.embeddings);
    const events = await usage.waitFor(51);
    expect(events).toHaveLength(51);
    expect(events.every((e) => e.status === 'success')).toBe(true);
  });
});

describe('textEmbeddingModel through the direct gateway', () => {
  it("calls the provider's /embeddings with its key and records the event", async () => {
    const usage = collectEvents();
    const stereos = createStereos({ gateway: direct(), onUsage: usage.onUsage });
    const { embeddings } = await embedMany({
      model: stereos.textEmbeddingModel('openai/text-embedding-3-small'),
      values: ['a', 'b'],
    });
    expect(embeddings).toHaveLength(2);
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/v1/embeddings');
    expect(request.headers.authorization).toBe('Bearer sk-openai-direct-1');
    expect(request.body.model).toBe('text-embedding-3-small');
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      gateway: 'direct',
      operation: 'embeddings',
      provider: 'openai',
      model: 'text-embedding-3-small',
      status: 'success',
    });
    expect(event!.costUsd).toBeGreaterThan(0);
  });

  it('falls back from a failing provider to another (Azure: api-key header)', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      gateway: direct(failingFetch(1, 503)),
      maxRetries: 0,
      onUsage: usage.onUsage,
    });
    await embed({
      model: stereos.textEmbeddingModel([
        'openai/text-embedding-3-small',
        'azure/text-embedding-3-small',
      ]),
      value: 'x',
    });
    const request = env.upstream.requests[0]!;
    expect(request.headers['api-key']).toBe('azure-direct-1');
    expect(request.headers.authorization).toBeUndefined();
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ provider: 'azure', fallbackIndex: 1, attempts: 2 });
  });

  it('refuses a provider without an embeddings endpoint before any call', () => {
    const stereos = createStereos({ gateway: direct() });
    expect(() => stereos.textEmbeddingModel('claude-sonnet-4-5')).toThrow(
      /Provider anthropic has no embeddings endpoint \(POST \/v1\/embeddings\)/,
    );
    expect(env.upstream.requests).toHaveLength(0);
  });

  it('never puts the key into the thrown error or the event, even when echoed', async () => {
    const usage = collectEvents();
    const echo = failingFetch(1, 401, 'Incorrect API key provided: sk-openai-direct-1.');
    const stereos = createStereos({ gateway: direct(echo), onUsage: usage.onUsage });
    const error = await embed({
      model: stereos.textEmbeddingModel('text-embedding-3-small'),
      value: 'x',
    }).catch((e) => e);
    const seen = JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error?.message);
    expect(seen).toContain('Incorrect API key provided');
    expect(seen).not.toContain('sk-openai-direct-1');
    const [event] = await usage.waitFor(1);
    expect(JSON.stringify(event)).not.toContain('sk-openai-direct-1');
  });
});

describe('textEmbeddingModel through Vercel AI Gateway (@ai-sdk/gateway)', () => {
  const vercel = (fetchImpl?: typeof fetch) =>
    createVercelGateway({
      baseURL: `${env.upstream.url}/v1/ai`,
      apiKey: 'vck_embed_1',
      fetch: fetchImpl,
    });

  it('embeds many values in one call and records the vendor, model, tokens and cost', async () => {
    const usage = collectEvents();
    const stereos = createStereos({ gateway: vercel(), onUsage: usage.onUsage });
    const { embeddings, usage: tokens } = await embedMany({
      model: stereos.textEmbeddingModel('openai/text-embedding-3-small'),
      values: ['sunny day', 'cloudy city'],
      providerOptions: { stereos: { tags: ['search'] } },
    });
    expect(embeddings).toHaveLength(2);
    expect(embeddings[0]).toHaveLength(8);
    expect(env.upstream.requests).toHaveLength(1);
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/v1/ai/embedding-model');
    expect(request.headers['ai-model-id']).toBe('openai/text-embedding-3-small');
    expect(request.headers.authorization).toBe('Bearer vck_embed_1');
    expect(request.body.input).toEqual(['sunny day', 'cloudy city']);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      gateway: 'vercel',
      operation: 'embeddings',
      status: 'success',
      provider: 'openai',
      model: 'text-embedding-3-small',
      inputTokens: tokens.tokens,
      outputTokens: 0,
      tags: ['search'],
    });
    expect(event!.costUsd).toBeGreaterThan(0);
  });

  it('falls back past a gateway 503 to the next model, and keeps the key out of errors', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      gateway: vercel(failingFetch(1, 503)),
      onUsage: usage.onUsage,
      maxRetries: 0,
    });
    await embed({
      model: stereos.textEmbeddingModel(['openai/text-embedding-3-small', 'mistral/mistral-embed']),
      value: 'x',
      maxRetries: 0,
    });
    expect(env.upstream.requests.map((r) => r.headers['ai-model-id'])).toEqual([
      'mistral/mistral-embed',
    ]);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'success', fallbackIndex: 1, provider: 'mistral' });
    expect(JSON.stringify(event)).not.toContain('vck_embed_1');
  });
});

describe('gateways without embeddings', () => {
  it('Cloudflare says which gateways serve them', () => {
    const stereos = createStereos({
      gateway: createCloudflareGateway({ accountId: 'a', gateway: 'g' }),
    });
    expect(() => stereos.textEmbeddingModel('openai/text-embedding-3-small')).toThrow(
      /cloudflare gateway does not serve embedding models.*unified.*direct/s,
    );
  });

  it('a registered gateway serves a `name:` id in a mixed fallback list', async () => {
    const usage = collectEvents();
    const stereos = unified({ gateways: { direct: direct() }, onUsage: usage.onUsage });
    await embed({
      model: stereos.textEmbeddingModel('direct:openai/text-embedding-3-small'),
      value: 'x',
    });
    expect(env.upstream.requests[0]!.headers.authorization).toBe('Bearer sk-openai-direct-1');
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ gateway: 'direct', provider: 'openai' });
  });
});
