import { createStereos } from '@stereos/ai';
import { embed, embedMany } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useE2EServer } from '../testing/e2e-server';

/** `POST /v1/embeddings` through the server with the openai SDK and the AI SDK. */
const { server, upstream: up } = useE2EServer({
  apiKey: 'gw-embed-key-1',
  env: {
    GATEWAY_API_KEYS: 'gw-embed-key-1',
    OPENAI_API_KEY: 'sk-openai-env-key-123',
    MISTRAL_API_KEY: 'mistral-env-key-123',
  },
});

describe('openai SDK → server → embeddings', () => {
  const client = () => server.openai();

  it('embeddings.create (base64, as the SDK asks) with usage and cost in one event', async () => {
    const { data, response } = await client()
      .embeddings.create({
        model: 'text-embedding-3-small',
        input: ['first text', 'second text'],
        dimensions: 6,
      })
      .withResponse();
    expect(data.data).toHaveLength(2);
    expect(data.data[0]!.embedding).toHaveLength(6);
    expect(data.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-stereos-provider')).toBe('openai');
    expect(Number(response.headers.get('x-stereos-cost-usd'))).toBeGreaterThan(0);
    const request = up.requests[0]!;
    expect(request.path).toBe('/v1/embeddings');
    expect(request.headers['authorization']).toBe('Bearer sk-openai-env-key-123');
    expect(request.body).toMatchObject({ encoding_format: 'base64', dimensions: 6 });
    const events = server.app.events.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      operation: 'embeddings',
      status: 'success',
      provider: 'openai',
      model: 'text-embedding-3-small',
      inputTokens: data.usage.prompt_tokens,
      outputTokens: 0,
    });
    expect(events[0]!.costUsd).toBeGreaterThan(0);
  });

  it('routes provider/model to that provider', async () => {
    await client().embeddings.create({ model: 'mistral/mistral-embed', input: 'x' });
    expect(up.requests[0]!.path).toBe('/v1/embeddings');
    expect(up.requests[0]!.headers['authorization']).toBe('Bearer mistral-env-key-123');
    expect(up.requests[0]!.body.model).toBe('mistral-embed');
  });

  it('refuses a provider whose endpoints list lacks embeddings (Groq) with a 400', async () => {
    const error = await client()
      .embeddings.create({ model: 'groq/some-embedder', input: 'x' })
      .catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ code: 'unsupported_endpoint', param: 'model' });
    expect(error.message).toContain('Provider groq has no embeddings endpoint');
    expect(up.requests).toHaveLength(0);
  });

  it('refuses an Anthropic model with a 400 naming provider and endpoint, and records it', async () => {
    const error = await client()
      .embeddings.create({ model: 'claude-sonnet-4-6', input: 'x' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toMatchObject({ code: 'unsupported_endpoint', param: 'model' });
    expect(error.message).toMatch(/anthropic.*\/v1\/embeddings/);
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events()).toEqual([
      expect.objectContaining({ operation: 'embeddings', status: 'invalid_request' }),
    ]);
  });

  it('answers a bad body with a 400 naming the field, and a bad key with 401, each recorded', async () => {
    const bad = await fetch(`${server.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer gw-embed-key-1' },
      body: JSON.stringify({ model: 'text-embedding-3-small' }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ param: 'input' });
    const unauthorized = await server
      .openai('wrong')
      .embeddings.create({ model: 'text-embedding-3-small', input: 'x' })
      .catch((e) => e);
    expect(unauthorized.status).toBe(401);
    expect(server.app.events.events().map((e) => [e.operation, e.status])).toEqual([
      ['embeddings', 'invalid_request'],
      ['embeddings', 'unauthorized'],
    ]);
  });
});

describe('AI SDK → createStereos({ baseURL: server }) → embeddings', () => {
  const model = () =>
    createStereos({ baseURL: `${server.url}/v1`, apiKey: 'gw-embed-key-1' }).textEmbeddingModel(
      'text-embedding-3-small',
    );

  it('embed', async () => {
    const result = await embed({ model: model(), value: 'sunny day at the beach' });
    expect(result.embedding.length).toBeGreaterThan(0);
    expect(result.usage.tokens).toBeGreaterThan(0);
    const event = await server.app.events.waitFor((e) => e.operation === 'embeddings');
    expect(event).toMatchObject({ status: 'success', inputTokens: result.usage.tokens });
  });

  it('embedMany', async () => {
    const result = await embedMany({ model: model(), values: ['a', 'b', 'c'] });
    expect(result.embeddings).toHaveLength(3);
    expect(up.requests).toHaveLength(1);
    expect(server.app.events.events()).toHaveLength(1);
  });
});

describe('budgets', () => {
  const { server: capped } = useE2EServer(() => ({
    upstream: up,
    env: {
      GATEWAY_API_KEYS: 'gw-embed-key-1',
      OPENAI_API_KEY: 'sk-openai-env-key-123',
      STEREOS_BUDGET_USD: '0.0000001',
      STEREOS_BUDGET_PERIOD: 'total',
    },
  }));

  it('refuses an embeddings call past the budget with 402, recorded', async () => {
    const response = await fetch(`${capped.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer gw-embed-key-1' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'x'.repeat(20_000) }),
    });
    expect(response.status).toBe(402);
    expect(up.requests).toHaveLength(0);
    const event = await capped.app.events.waitFor((e) => e.status === 'budget_exceeded');
    expect(event.operation).toBe('embeddings');
  });
});
