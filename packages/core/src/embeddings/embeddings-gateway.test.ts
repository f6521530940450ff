import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBudgetGuard } from '../budget/budget-guard';
import { MemoryBudgetStore } from '../budget/memory-budget-store';
import { resolveProviderConfigs } from '../upstream/provider-config';
import type { GatewayEvent } from '../usage/gateway-event';
import { createEmbeddingsGateway } from './embeddings-gateway';
import { estimateEmbeddingTokens } from './embeddings-request';

let upstream: FakeUpstream;
let events: GatewayEvent[];
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.reset();
  events = [];
});

function gateway(extra: Partial<Parameters<typeof createEmbeddingsGateway>[0]> = {}) {
  return createEmbeddingsGateway({
    providers: resolveProviderConfigs({
      OPENAI_BASE_URL: upstream.url,
      MISTRAL_BASE_URL: `${upstream.url}/mistral/v1`,
      GROQ_BASE_URL: `${upstream.url}/openai/v1`,
      OPENAI_API_KEY: 'sk-openai-test-key',
      MISTRAL_API_KEY: 'mistral-test-key',
      GROQ_API_KEY: 'gsk-test-key',
    }),
    retry: { maxRetries: 1, baseDelayMs: 1 },
    timeoutMs: 2_000,
    sinks: [(e) => void events.push(e)],
    ...extra,
  });
}

const configured = { useConfiguredKeys: true };

/** A fetch whose first `count` calls answer `status` with an OpenAI error (the fake has no
 * queued behaviours for embeddings). */
function failing(count: number, status: number, message = 'upstream failed'): typeof fetch {
  let calls = 0;
  return (input, init) => {
    if (calls++ >= count) return fetch(input, init);
    const body = { error: { message, type: 'server_error', code: null } };
    return Promise.resolve(Response.json(body, { status }));
  };
}

describe('createEmbeddingsGateway', () => {
  it("forwards to the provider's /embeddings and records one event with usage and cost", async () => {
    const result = await gateway().embed({
      body: { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 4 },
      credentials: configured,
      requestId: 'req-e1',
    });
    const json = JSON.parse(result.body);
    expect(json.data).toHaveLength(2);
    expect(json.data[0].embedding).toHaveLength(4);
    const request = upstream.requests[0]!;
    expect(request.path).toBe('/v1/embeddings');
    expect(request.headers['authorization']).toBe('Bearer sk-openai-test-key');
    expect(request.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 4 });
    expect(result.served).toEqual({
      provider: 'openai',
      model: 'text-embedding-3-small',
      attempts: 1,
      fallbackIndex: 0,
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      operation: 'embeddings',
      status: 'success',
      provider: 'openai',
      inputTokens: json.usage.prompt_tokens,
      outputTokens: 0,
      requestId: 'req-e1',
    });
    expect(events[0]!.costUsd).toBeGreaterThan(0);
    expect(result.costUsd).toBe(events[0]!.costUsd);
  });

  it('routes provider/model and falls back on a 5xx', async () => {
    const result = await gateway({ fetch: failing(2, 500) }).embed({
      body: { model: 'text-embedding-3-small', input: 'x' },
      fallbackModels: ['mistral/mistral-embed'],
      credentials: configured,
    });
    expect(result.served).toMatchObject({
      provider: 'mistral',
      model: 'mistral-embed',
      attempts: 3,
    });
    expect(upstream.requests.at(-1)!.path).toBe('/mistral/v1/embeddings');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempts: 3, fallbackIndex: 1, status: 'success' });
  });

  it('refuses Anthropic with a 400 naming the provider and endpoint, before any upstream call', async () => {
    const error = await gateway()
      .embed({ body: { model: 'claude-sonnet-4-5', input: 'x' }, credentials: configured })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_endpoint', param: 'model' });
    expect(error.message).toContain('anthropic');
    expect(error.message).toContain('/v1/embeddings');
    expect(upstream.requests).toHaveLength(0);
    expect(events[0]).toMatchObject({ operation: 'embeddings', status: 'invalid_request' });
  });

  it('refuses a provider whose endpoints list lacks embeddings (Groq), also as a fallback', async () => {
    const error = await gateway()
      .embed({
        body: { model: 'text-embedding-3-small', input: 'x' },
        fallbackModels: ['groq/some-embedder'],
        credentials: configured,
      })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_endpoint', param: 'model' });
    expect(error.message).toContain('Provider groq has no embeddings endpoint');
    expect(upstream.requests).toHaveLength(0);
  });

  it('reserves against the budget and refuses past it', async () => {
    const budget = createBudgetGuard({
      limitUsd: 0.000_000_001,
      period: 'total',
      scope: 'global',
      store: new MemoryBudgetStore(),
    });
    const error = await gateway({ budget })
      .embed({
        body: { model: 'text-embedding-3-small', input: 'x'.repeat(4000) },
        credentials: configured,
      })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 402 });
    expect(events[0]).toMatchObject({ operation: 'embeddings', status: 'budget_exceeded' });
  });

  it('passes upstream 4xx errors through', async () => {
    const error = await gateway({ fetch: failing(1, 400, 'bad input') })
      .embed({ body: { model: 'text-embedding-3-small', input: 'x' }, credentials: configured })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 400, message: 'bad input', provider: 'openai' });
    expect(events[0]).toMatchObject({ operation: 'embeddings', status: 'error' });
  });
});

describe('estimateEmbeddingTokens', () => {
  it('counts text by length and token arrays by count', () => {
    expect(estimateEmbeddingTokens('abcdefgh')).toBe(2);
    expect(estimateEmbeddingTokens([1, 2, 3])).toBe(3);
    expect(estimateEmbeddingTokens([[1, 2], [3]])).toBe(3);
    expect(estimateEmbeddingTokens(['abcd', 'abcd'])).toBe(2);
  });
});
