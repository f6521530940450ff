import { FLAGGED_WORD } from '@stereos/fake-upstream';
import { describe, expect, it } from 'vitest';
import { useE2EServer } from '../testing/e2e-server';
import { createKey, MASTER_KEY } from '../testing/governance';

/** `POST /v1/moderations` through the server with the openai SDK. */
const { server, upstream: up } = useE2EServer({
  apiKey: 'gw-mod-key-1',
  env: {
    GATEWAY_API_KEYS: 'gw-mod-key-1',
    STEREOS_MASTER_KEY: MASTER_KEY,
    OPENAI_API_KEY: 'sk-openai-env-key-123',
    MISTRAL_API_KEY: 'mistral-env-key-123',
    STEREOS_BUDGET_USD: '5',
    // Mistral's moderation model is priced per token; the bundled table lacks it.
    STEREOS_PRICES: '{"mistral/mistral-moderation-latest":{"inputPerMTok":0.1,"outputPerMTok":0}}',
  },
});

const client = (apiKey?: string) => server.openai(apiKey);

describe('openai SDK → server → moderations.create', () => {
  it('defaults to omni-moderation-latest at OpenAI, free, under a budget', async () => {
    const { data, response } = await client()
      .moderations.create({ input: ['hello there', `I will ${FLAGGED_WORD} this bug`] })
      .withResponse();
    expect(data.results.map((r) => r.flagged)).toEqual([false, true]);
    expect(data.results[1]!.categories.violence).toBe(true);
    expect(response.headers.get('x-stereos-provider')).toBe('openai');
    expect(response.headers.get('x-stereos-cost-usd')).toBe('0');
    expect(up.requests[0]!.path).toBe('/v1/moderations');
    expect(up.requests[0]!.body).toMatchObject({ model: 'omni-moderation-latest' });
    expect(server.app.events.events()).toEqual([
      expect.objectContaining({
        operation: 'moderations',
        status: 'success',
        provider: 'openai',
        requestedModel: 'omni-moderation-latest',
        costUsd: 0,
      }),
    ]);
  });

  it('takes multimodal input, and routes mistral/ to Mistral', async () => {
    const data = await client().moderations.create({
      model: 'mistral/mistral-moderation-latest',
      input: [
        { type: 'text', text: 'a picture' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      ],
    });
    expect(data.results).toHaveLength(1);
    expect(up.requests[0]!.headers['authorization']).toBe('Bearer mistral-env-key-123');
    expect(up.requests[0]!.body.model).toBe('mistral-moderation-latest');
    const event = server.app.events.events()[0]!;
    expect(event).toMatchObject({ provider: 'mistral', usageEstimated: true });
    expect(event.costUsd).toBeCloseTo((event.inputTokens * 0.1) / 1e6, 12);
  });

  it('refuses Anthropic with a 400 naming it; bad input with a 400 naming the field', async () => {
    const refused = await client()
      .moderations.create({ model: 'claude-sonnet-4-5', input: 'x' })
      .catch((e) => e);
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'unsupported_endpoint', param: 'model' });
    expect(refused.message).toMatch(
      /anthropic has no moderations endpoint \(POST \/v1\/moderations\)/,
    );
    const bad = await client()
      .moderations.create({ input: [{ type: 'video', url: 'x' }] as never })
      .catch((e) => e);
    expect(bad.status).toBe(400);
    expect(bad.error.param).toMatch(/^input/);
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events().map((e) => [e.operation, e.status])).toEqual([
      ['moderations', 'invalid_request'],
      ['moderations', 'invalid_request'],
    ]);
  });

  it('a virtual key not allowed the model gets 403', async () => {
    const { key } = await createKey(server.app, { models: ['gpt-*'] });
    const error = await client(key)
      .moderations.create({ input: 'x' })
      .catch((e) => e);
    expect(error.status).toBe(403);
    expect(up.requests).toHaveLength(0);
  });
});
