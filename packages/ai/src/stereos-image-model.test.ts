import { FAKE_PNG_BASE64 } from '@stereos/fake-upstream';
import { experimental_generateImage as generateImage } from 'ai-v5';
import { describe, expect, it } from 'vitest';
import { StereosBudgetExceededError } from './stereos-budget-exceeded-error';
import { createStereos } from './stereos-provider';
import { collectEvents } from './testing/collect';
import { failingFetch } from './testing/failing-fetch';
import { useKindTestEnv } from './testing/kind-test-env';
import { createVercelGateway } from './vercel';

const env = useKindTestEnv();
const { unified, direct } = env;

describe('imageModel through the unified gateway', () => {
  it('generates images and records one images event with tokens, count and cost', async () => {
    const usage = collectEvents();
    const { images } = await generateImage({
      model: unified({ onUsage: usage.onUsage }).imageModel('gpt-image-1'),
      prompt: 'a lighthouse at dawn',
      n: 2,
      providerOptions: { openai: { quality: 'medium' }, stereos: { tags: ['art'] } },
    });
    expect(images.map((i) => i.base64)).toEqual([FAKE_PNG_BASE64, FAKE_PNG_BASE64]);
    expect(env.upstream.requests).toHaveLength(1);
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/v1/images/generations');
    expect(request.headers.authorization).toBe('Bearer sk-stereos-key-1');
    expect(request.headers['x-stereos-tags']).toBe('art');
    // GPT image models always answer base64 and reject `response_format`.
    expect(request.body).toMatchObject({ model: 'gpt-image-1', n: 2, quality: 'medium' });
    expect(request.body.response_format).toBeUndefined();
    const [event] = await usage.waitFor(1);
    expect(usage.events).toHaveLength(1);
    expect(event).toMatchObject({
      gateway: 'unified',
      operation: 'images',
      status: 'success',
      provider: 'openai',
      model: 'gpt-image-1',
      images: 2,
      outputTokens: 2 * 1056,
      usageEstimated: false,
      tags: ['art'],
    });
    expect(event!.inputTokens).toBeGreaterThan(0);
    expect(event!.costUsd).toBeGreaterThan(0);
  });

  it('a gateway id of a GPT image model (openai/gpt-image-1) sends no response_format', async () => {
    const usage = collectEvents();
    // What the library sends to the unified endpoint; the fake stands for OpenAI behind it, so
    // the id reaches it as the Stereos server routes it (`openai/gpt-image-1` → `gpt-image-1`).
    const sent: Record<string, unknown>[] = [];
    const routing: typeof fetch = (url, init) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      sent.push(body);
      const routed = { ...body, model: String(body['model']).replace(/^openai\//, '') };
      return fetch(url, { ...init, body: JSON.stringify(routed) });
    };
    const { images } = await generateImage({
      model: unified({ onUsage: usage.onUsage, fetch: routing }).imageModel('openai/gpt-image-1'),
      prompt: 'a lighthouse at dawn',
      n: 4,
    });
    expect(images.map((i) => i.base64)).toEqual(Array(4).fill(FAKE_PNG_BASE64));
    // One request: the limit is gpt-image-1's (10), not an unknown id's (1).
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ model: 'openai/gpt-image-1', n: 4 });
    expect(sent[0]!['response_format']).toBeUndefined();
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ provider: 'openai', model: 'gpt-image-1', images: 4 });
  });

  it('falls back to the next model when the first answers 500', async () => {
    const usage = collectEvents();
    const stereos = unified({ onUsage: usage.onUsage, maxRetries: 0, fetch: failingFetch(1, 500) });
    const { image } = await generateImage({
      model: stereos.imageModel(['gpt-image-1', 'dall-e-3']),
      prompt: 'a cat',
      maxRetries: 0,
    });
    expect(image.base64).toBe(FAKE_PNG_BASE64);
    expect(env.upstream.requests.map((r) => r.body.model)).toEqual(['dall-e-3']);
    expect(env.upstream.requests[0]!.body.response_format).toBe('b64_json');
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      operation: 'images',
      status: 'success',
      attempts: 2,
      fallbackIndex: 1,
      requestedModel: 'gpt-image-1',
      model: 'dall-e-3',
      images: 1,
    });
  });

  it('refuses past the budget (prompt plus n images at most) before any call', () =>
    env.expectBudgetRefusal(
      'images',
      (stereos) =>
        generateImage({
          model: stereos.imageModel('gpt-image-1'),
          prompt: 'a cat',
          n: 4,
          maxRetries: 0,
        }),
      0.01,
    ));

  it('reserves a per-image price for DALL·E (n images at the dearest size)', async () => {
    const usage = collectEvents();
    const stereos = unified({ onUsage: usage.onUsage, budget: { limitUsd: 0.2 } });
    const error = await generateImage({
      model: stereos.imageModel('dall-e-3'),
      prompt: 'a cat',
      n: 2,
      maxRetries: 0,
    }).catch((e) => e);
    // Two calls of one image each (DALL·E 3 makes one per call) at $0.12 at most: the second
    // does not fit beside the first's reservation.
    expect(StereosBudgetExceededError.isInstance(error)).toBe(true);
    const events = await usage.waitFor(2);
    expect(events.map((e) => e.status).sort()).toEqual(['budget_exceeded', 'success']);
  });

  it("applies the budget's unpricedModels rule to a model without a price", async () => {
    const denied = collectEvents();
    const error = await generateImage({
      model: unified({ onUsage: denied.onUsage, budget: { limitUsd: 5 } }).imageModel(
        'openai/my-image-model',
      ),
      prompt: 'a cat',
      maxRetries: 0,
    }).catch((e) => e);
    expect(String(error.message)).toMatch(/No price is known for openai\/my-image-model/);
    expect(env.upstream.requests).toHaveLength(0);
    expect((await denied.waitFor(1))[0]).toMatchObject({ status: 'budget_exceeded' });

    const allowed = collectEvents();
    const stereos = unified({
      onUsage: allowed.onUsage,
      budget: { limitUsd: 5, unpricedModels: 'allow' },
    });
    const { image } = await generateImage({
      model: stereos.imageModel('openai/my-image-model'),
      prompt: 'a cat',
    });
    expect(image.base64).toBe(FAKE_PNG_BASE64);
    const [event] = await allowed.waitFor(1);
    expect(event).toMatchObject({ status: 'success', images: 1, costUsd: undefined });
  });
});

describe('imageModel through the direct gateway', () => {
  it("calls the provider's /images/generations with its key and records the event", async () => {
    const usage = collectEvents();
    const stereos = createStereos({ gateway: direct(), onUsage: usage.onUsage });
    const { image } = await generateImage({
      model: stereos.imageModel('openai/dall-e-3'),
      prompt: 'a red bicycle',
      size: '1024x1024',
    });
    expect(image.base64).toBe(FAKE_PNG_BASE64);
    const request = env.upstream.requests[0]!;
    expect(request.path).toBe('/v1/images/generations');
    expect(request.headers.authorization).toBe('Bearer sk-openai-direct-1');
    expect(request.body).toMatchObject({ model: 'dall-e-3', size: '1024x1024' });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      gateway: 'direct',
      operation: 'images',
      provider: 'openai',
      model: 'dall-e-3',
      images: 1,
      status: 'success',
      // DALL·E 3 is billed per image: standard 1024×1024 is $0.04.
      costUsd: 0.04,
    });
  });

  it('retries a 503 with the same provider', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      gateway: direct(failingFetch(1, 503)),
      retryBaseDelayMs: 1,
      onUsage: usage.onUsage,
    });
    await generateImage({ model: stereos.imageModel('gpt-image-1'), prompt: 'x' });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'success', attempts: 2, fallbackIndex: 0 });
  });

  it('refuses a provider without an images endpoint before any call', () => {
    const stereos = createStereos({ gateway: direct() });
    expect(() => stereos.imageModel('deepseek/deepseek-chat')).toThrow(
      /Provider deepseek has no images endpoint \(POST \/v1\/images\/generations\).*openai/,
    );
    expect(env.upstream.requests).toHaveLength(0);
  });
});

describe('gateways without image models', () => {
  it('Vercel says which gateways serve them', () => {
    const stereos = createStereos({ gateway: createVercelGateway({ apiKey: 'k' }) });
    expect(() => stereos.imageModel('openai/gpt-image-1')).toThrow(
      /vercel gateway does not serve image models/,
    );
  });
});

describe('createStereos({ unitPrices })', () => {
  const unitPrices = { 'xai/grok-2-image': { perImageUsd: { '1024x1024': 0.07 } } };

  it('prices the images of a model OpenAI does not list: budget and event', async () => {
    const usage = collectEvents();
    // Unpriced, the budget would refuse the model; priced, $0.07 fits in $0.10.
    const stereos = unified({ onUsage: usage.onUsage, unitPrices, budget: { limitUsd: 0.1 } });
    const { images } = await generateImage({
      model: stereos.imageModel('xai/grok-2-image'),
      prompt: 'a lighthouse',
      size: '1024x1024',
    });
    expect(images).toHaveLength(1);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ provider: 'xai', model: 'grok-2-image', images: 1 });
    expect(event!.costUsd).toBeCloseTo(0.07, 10);
  });

  it('reserves the image at that price against the budget', () =>
    env.expectBudgetRefusal(
      'images',
      (stereos) =>
        generateImage({
          model: stereos.imageModel('xai/grok-2-image'),
          prompt: 'a lighthouse',
          maxRetries: 0,
        }),
      0.05,
      { unitPrices },
    ));
});
