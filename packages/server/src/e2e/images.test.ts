import { FAKE_PNG_BASE64 } from '@stereos/fake-upstream';
import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { useE2EServer } from '../testing/e2e-server';
import { createKey, MASTER_KEY } from '../testing/governance';

/** `POST /v1/images/generations` through the server with the openai SDK. */
const { server, upstream: up } = useE2EServer({
  apiKey: 'gw-images-key-1',
  env: {
    GATEWAY_API_KEYS: 'gw-images-key-1',
    STEREOS_MASTER_KEY: MASTER_KEY,
    OPENAI_API_KEY: 'sk-openai-env-key-123',
    GROQ_API_KEY: 'gsk-env-key-123',
    XAI_API_KEY: 'xai-env-key-123',
    // A per-image price from the environment for a model OpenAI's list does not have.
    STEREOS_PRICES: JSON.stringify({
      'xai/grok-2-image': { perImageUsd: 0.07 },
      'my-llm': { inputPerMTok: 1, outputPerMTok: 2 },
    }),
  },
});

const client = (apiKey?: string) => server.openai(apiKey);

describe('openai SDK → server → images.generate', () => {
  it('dall-e-3 (urls): the answer as the provider wrote it, priced per image', async () => {
    const { data, response } = await client()
      .images.generate({
        model: 'dall-e-3',
        prompt: 'a lighthouse at dawn',
        size: '1024x1792',
        quality: 'hd',
      })
      .withResponse();
    expect(data.data).toHaveLength(1);
    expect(data.data![0]!.url).toMatch(/^https:\/\//);
    expect(data.data![0]!.revised_prompt).toContain('a lighthouse at dawn');
    expect(response.headers.get('x-stereos-provider')).toBe('openai');
    expect(response.headers.get('x-stereos-cost-usd')).toBe('0.12');
    const request = up.requests[0]!;
    expect(request.path).toBe('/v1/images/generations');
    expect(request.headers['authorization']).toBe('Bearer sk-openai-env-key-123');
    expect(request.body).toMatchObject({ model: 'dall-e-3', size: '1024x1792', quality: 'hd' });
    expect(server.app.events.events()).toEqual([
      expect.objectContaining({
        operation: 'images',
        status: 'success',
        provider: 'openai',
        model: 'dall-e-3',
        images: 1,
        costUsd: 0.12,
      }),
    ]);
  });

  it('gpt-image-1 (base64, n=2): token usage from the answer, priced by the token table', async () => {
    const images = await client().images.generate({
      model: 'gpt-image-1',
      prompt: 'two cats',
      n: 2,
    });
    expect(images.data!.map((d) => d.b64_json)).toEqual([FAKE_PNG_BASE64, FAKE_PNG_BASE64]);
    expect(images.usage!.output_tokens).toBeGreaterThan(0);
    const event = server.app.events.events()[0]!;
    expect(event).toMatchObject({
      operation: 'images',
      model: 'gpt-image-1',
      images: 2,
      inputTokens: images.usage!.input_tokens,
      outputTokens: images.usage!.output_tokens,
      usageEstimated: false,
    });
    // $5 / 1M input, $40 / 1M output (gpt-image-1's token prices).
    const expected = (images.usage!.input_tokens * 5 + images.usage!.output_tokens * 40) / 1e6;
    expect(event.costUsd).toBeCloseTo(expected, 9);
  });

  it('b64_json for DALL·E 2, routed to xAI by prefix', async () => {
    const images = await client().images.generate({
      model: 'xai/grok-2-image',
      prompt: 'a robot',
      response_format: 'b64_json',
    });
    expect(images.data![0]!.b64_json).toBe(FAKE_PNG_BASE64);
    expect(up.requests[0]!.path).toBe('/v1/images/generations');
    expect(up.requests[0]!.headers['authorization']).toBe('Bearer xai-env-key-123');
    expect(up.requests[0]!.body.model).toBe('grok-2-image');
  });

  it('refuses a provider without an images endpoint with a 400 naming it, recorded', async () => {
    const error = await client()
      .images.generate({ model: 'groq/some-model', prompt: 'x' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toMatchObject({ code: 'unsupported_endpoint', param: 'model' });
    expect(error.message).toContain('Provider groq has no images endpoint');
    expect(error.message).toContain('/v1/images/generations');
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events()).toEqual([
      expect.objectContaining({ operation: 'images', status: 'invalid_request' }),
    ]);
  });

  it('answers bad input with a 400 naming the field, recorded', async () => {
    const tooMany = await client()
      .images.generate({ model: 'dall-e-2', prompt: 'x', n: 11 })
      .catch((e) => e);
    expect(tooMany.status).toBe(400);
    expect(tooMany.error).toMatchObject({ param: 'n', type: 'invalid_request_error' });
    const long = await client()
      .images.generate({ model: 'gpt-image-1', prompt: 'x'.repeat(32_001) })
      .catch((e) => e);
    expect(long.status).toBe(400);
    expect(long.error).toMatchObject({ param: 'prompt' });
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events().map((e) => [e.operation, e.status])).toEqual([
      ['images', 'invalid_request'],
      ['images', 'invalid_request'],
    ]);
  });

  it('a virtual key not allowed the model gets 403; one past its budget 402', async () => {
    const narrow = await createKey(server.app, { models: ['gpt-4o*'] });
    const forbidden = await client(narrow.key)
      .images.generate({ model: 'dall-e-3', prompt: 'x' })
      .catch((e) => e);
    expect(forbidden.status).toBe(403);
    const poor = await createKey(server.app, { budget: { limit_usd: 0.01, period: 'total' } });
    const broke = await client(poor.key)
      .images.generate({ model: 'dall-e-3', prompt: 'x', n: 1 })
      .catch((e) => e);
    // One HD 1792 image may cost $0.12: more than the key's $0.01, refused before any call.
    expect(broke.status).toBe(402);
    expect(broke.error).toMatchObject({ code: 'budget_exceeded' });
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events().map((e) => [e.operation, e.status])).toEqual([
      ['images', 'unauthorized'],
      ['images', 'budget_exceeded'],
    ]);
  });
});

const png = () => toFile(Buffer.from(FAKE_PNG_BASE64, 'base64'), 'in.png', { type: 'image/png' });

describe('openai SDK → server → images.edit', () => {
  it('dall-e-2 with a mask: the upload reaches the provider, priced per image as generations', async () => {
    const { data, response } = await client()
      .images.edit({
        model: 'dall-e-2',
        image: await png(),
        mask: await png(),
        prompt: 'add a red hat',
        n: 2,
        size: '512x512',
      })
      .withResponse();
    expect(data.data).toHaveLength(2);
    expect(response.headers.get('x-stereos-cost-usd')).toBe('0.036'); // 2 × $0.018
    const request = up.requests[0]!;
    expect(request.path).toBe('/v1/images/edits');
    expect(request.headers['authorization']).toBe('Bearer sk-openai-env-key-123');
    expect(request.upload!.fields).toEqual({
      model: 'dall-e-2',
      prompt: 'add a red hat',
      n: '2',
      size: '512x512',
    });
    expect(request.upload!.files!.map((f) => [f.field, f.bytes])).toEqual([
      ['image', 68],
      ['mask', 68],
    ]);
    expect(server.app.events.events()).toEqual([
      expect.objectContaining({
        operation: 'images',
        status: 'success',
        model: 'dall-e-2',
        images: 2,
        costUsd: 0.036,
      }),
    ]);
  });

  it('gpt-image-1 with several images (image[]): token usage from the answer', async () => {
    const data = await client().images.edit({
      model: 'gpt-image-1',
      image: [await png(), await png(), await png()],
      prompt: 'a collage',
    });
    expect(data.data![0]!.b64_json).toBe(FAKE_PNG_BASE64);
    expect(up.requests[0]!.upload!.files!.map((f) => f.field)).toEqual([
      'image[]',
      'image[]',
      'image[]',
    ]);
    const event = server.app.events.events()[0]!;
    expect(event).toMatchObject({ model: 'gpt-image-1', usageEstimated: false });
    expect(event.outputTokens).toBe(data.usage!.output_tokens);
  });

  it('bad edits answer 400 naming the field, recorded: no image, no prompt, n out of range', async () => {
    const post = (form: FormData) =>
      fetch(`${server.url}/v1/images/edits`, {
        method: 'POST',
        headers: { authorization: 'Bearer gw-images-key-1' },
        body: form,
      });
    const image = new Blob([Buffer.from(FAKE_PNG_BASE64, 'base64')], { type: 'image/png' });
    const noImage = new FormData();
    noImage.set('prompt', 'x');
    const noPrompt = new FormData();
    noPrompt.set('image', image, 'a.png');
    const badN = new FormData();
    badN.set('prompt', 'x');
    badN.set('n', '11');
    badN.set('image', image, 'a.png');
    const answers = await Promise.all([post(noImage), post(noPrompt), post(badN)]);
    const errors = await Promise.all(answers.map(async (r) => [r.status, (await r.json()).error]));
    expect(errors.map(([status, e]) => [status, e.param])).toEqual([
      [400, 'image'],
      [400, 'prompt'],
      [400, 'n'],
    ]);
    expect(up.requests).toHaveLength(0);
    expect(server.app.events.events().map((e) => [e.operation, e.status])).toEqual(
      Array(3).fill(['images', 'invalid_request']),
    );
  });
});

describe('per-unit prices from STEREOS_PRICES', () => {
  it("a configured per-image price is the event's cost and counts against a key's budget", async () => {
    const { key } = await createKey(server.app, { budget: { limit_usd: 0.1, period: 'total' } });
    const edit = async () =>
      client(key)
        .images.edit({ model: 'xai/grok-2-image', image: [await png()], prompt: 'x' } as never)
        .withResponse();
    const first = await edit();
    expect(first.response.headers.get('x-stereos-cost-usd')).toBe('0.07');
    expect(up.requests[0]!.path).toBe('/v1/images/edits');
    expect(server.app.events.events()[0]).toMatchObject({
      provider: 'xai',
      model: 'grok-2-image',
      images: 1,
      costUsd: 0.07,
      status: 'success',
    });
    // $0.07 spent of $0.10: another image may cost $0.07, more than the $0.03 left.
    const refused = await edit().catch((e) => e);
    expect(refused.status).toBe(402);
    expect(refused.error).toMatchObject({ code: 'budget_exceeded' });
    expect(up.requests).toHaveLength(1);
  });
});
