import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { generateText, streamText } from 'ai-v5';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDirectGateway } from './direct';
import { StereosBudgetExceededError } from './stereos-budget-exceeded-error';
import { createStereos, stereos } from './stereos-provider';
import { collectEvents } from './testing/collect';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const own = { stereos: { user: 'user-42', tags: ['feature:faq'], metadata: { team: 'search' } } };

describe("Stereos' own call options", () => {
  it('never reach the unified upstream body; they travel as x-stereos-* headers', async () => {
    const model = createStereos({ baseURL: `${upstream.url}/v1`, apiKey: 'k' })('gpt-4o');
    await generateText({ model, prompt: 'hi', providerOptions: own });
    const request = upstream.requests[0]!;
    expect(request.body).not.toHaveProperty('tags');
    expect(request.body).not.toHaveProperty('metadata');
    expect(request.body).not.toHaveProperty('user');
    expect(request.headers['x-stereos-user']).toBe('user-42');
    expect(request.headers['x-stereos-tags']).toBe('feature:faq');
    expect(JSON.parse(request.headers['x-stereos-metadata'] as string)).toEqual({ team: 'search' });
  });

  it('put `user` where a direct upstream defines it (OpenAI body, Anthropic metadata)', async () => {
    const direct = createStereos({
      gateway: createDirectGateway({
        env: {},
        providers: {
          openai: { baseURL: `${upstream.url}/v1`, apiKey: 'sk-direct-openai-1' },
          anthropic: { baseURL: upstream.url, apiKey: 'sk-ant-direct-1' },
        },
      }),
    });
    await generateText({ model: direct('gpt-4o'), prompt: 'hi', providerOptions: own });
    await generateText({ model: direct('claude-sonnet-4-5'), prompt: 'hi', providerOptions: own });
    const [openai, anthropic] = upstream.requests;
    expect(openai?.body).toMatchObject({ user: 'user-42' });
    expect(openai?.body).not.toHaveProperty('tags');
    expect(openai?.body).not.toHaveProperty('metadata');
    expect(anthropic?.body).toMatchObject({ metadata: { user_id: 'user-42' } });
    expect(anthropic?.body).not.toHaveProperty('tags');
  });
});

describe('the default instance', () => {
  it('reads STEREOS_API_BASE and STEREOS_VIRTUAL_KEY when a call is made, not at import', async () => {
    process.env['STEREOS_API_BASE'] = upstream.url;
    process.env['STEREOS_VIRTUAL_KEY'] = 'sk-set-after-import-1';
    try {
      const { text } = await generateText({ model: stereos('gpt-4o'), prompt: 'late env' });
      expect(text).toBe('echo: late env');
      expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-set-after-import-1');
    } finally {
      delete process.env['STEREOS_API_BASE'];
      delete process.env['STEREOS_VIRTUAL_KEY'];
    }
  });

  it('says what to set when no endpoint is configured', async () => {
    delete process.env['STEREOS_API_BASE'];
    const error = await generateText({
      model: stereos('gpt-4o'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((e: Error) => e);
    expect(String((error as Error).message)).toMatch(/STEREOS_API_BASE/);
    expect(String((error as Error).message)).toMatch(/createDirectGateway/);
  });
});

describe('the direct gateway', () => {
  const gateway = () =>
    createDirectGateway({
      env: {},
      providers: {
        anthropic: { baseURL: upstream.url, apiKey: 'sk-ant-direct-secret-1' },
        azure: { baseURL: `${upstream.url}/openai`, apiKey: 'azure-direct-secret-1' },
        openai: { baseURL: `${upstream.url}/v1`, apiKey: 'sk-direct-secret-echoed-1' },
      },
    });

  it('keeps per-call headers such as anthropic-beta', async () => {
    const model = createStereos({ gateway: gateway() })('claude-sonnet-4-5');
    await generateText({
      model,
      prompt: 'hi',
      headers: { 'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14' },
    });
    const request = upstream.requests[0]!;
    expect(request.headers['anthropic-beta']).toBe('fine-grained-tool-streaming-2025-05-14');
    expect(request.headers['x-api-key']).toBe('sk-ant-direct-secret-1');
  });

  it('builds embedding requests from the provider table (Azure: api-key header)', async () => {
    const model = createStereos({ gateway: gateway() }).textEmbeddingModel(
      'azure/text-embedding-3-small',
    );
    await model.doEmbed({ values: ['a'] });
    const request = upstream.requests[0]!;
    expect(request.headers['api-key']).toBe('azure-direct-secret-1');
    expect(request.headers.authorization).toBeUndefined();
  });

  it('never puts the key into a thrown error, even when the upstream echoes it', async () => {
    upstream.enqueue({
      kind: 'error',
      status: 401,
      message: 'Incorrect API key provided: sk-direct-secret-echoed-1.',
      code: 'invalid_api_key',
    });
    const model = createStereos({ gateway: gateway(), maxRetries: 0 })('gpt-4o');
    const error = await generateText({ model, prompt: 'x', maxRetries: 0 }).catch((e) => e);
    const seen = JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error?.message);
    expect(seen).toContain('Incorrect API key provided');
    expect(seen).not.toContain('sk-direct-secret-echoed-1');
  });
});

describe('budget refusals and prices', () => {
  it('say what was reserved, for how many output tokens, and how to lower it', async () => {
    const usage = collectEvents();
    const model = createStereos({
      baseURL: `${upstream.url}/v1`,
      budget: { limitUsd: 0.0001, period: 'day' },
      onUsage: usage.onUsage,
    })('gpt-4o-mini');
    const error = await generateText({
      model,
      prompt: 'hi',
      maxOutputTokens: 1000,
      maxRetries: 0,
    }).catch((e) => e);
    expect(StereosBudgetExceededError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/would be exceeded/);
    expect(error.message).toMatch(/up to 1000 output tokens/);
    expect(error.message).toMatch(/maxOutputTokens/);
    expect(error.maxOutputTokens).toBe(1000);
    expect(error.resetAt).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuse a model without a known price by default, with what to do about it', async () => {
    const model = createStereos({ baseURL: `${upstream.url}/v1`, budget: { limitUsd: 10 } })(
      'my-finetune-v1',
    );
    const error = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch((e) => e);
    expect(String(error.message)).toMatch(/No price is known for openai\/my-finetune-v1/);
    expect(String(error.message)).toMatch(/prices/);
    expect(upstream.requests).toHaveLength(0);
  });

  it("let it through with unpricedModels: 'allow'", async () => {
    const usage = collectEvents();
    const model = createStereos({
      baseURL: `${upstream.url}/v1`,
      budget: { limitUsd: 10, unpricedModels: 'allow' },
      onUsage: usage.onUsage,
    })('my-finetune-v1');
    await generateText({ model, prompt: 'hi' });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'success', costUsd: undefined });
  });

  it('price it with your own `prices`, for the event and the budget', async () => {
    const usage = collectEvents();
    upstream.enqueue({ kind: 'reply', text: 'ok', usage: { input: 1000, output: 500 } });
    const model = createStereos({
      baseURL: `${upstream.url}/v1`,
      budget: { limitUsd: 10 },
      prices: { 'openai/my-finetune-v1': { inputPerMTok: 2, outputPerMTok: 8 } },
      onUsage: usage.onUsage,
    })('my-finetune-v1');
    await generateText({ model, prompt: 'hi' });
    const [event] = await usage.waitFor(1);
    expect(event?.costUsd).toBeCloseTo((1000 * 2 + 500 * 8) / 1e6, 12);
  });
});

describe('a Stereos server behind the unified gateway', () => {
  it('is not retried on top of its own retries; attempts count what it reported', async () => {
    // The server answers a failure after its own 3 attempts, and says so.
    upstream.setDefault({
      kind: 'error',
      status: 503,
      headers: { 'x-stereos-attempts': '3' },
    });
    const usage = collectEvents();
    const model = createStereos({
      baseURL: `${upstream.url}/v1`,
      apiKey: 'k',
      retryBaseDelayMs: 1,
      onUsage: usage.onUsage,
    })('gpt-4o');
    await generateText({ model, prompt: 'x', maxRetries: 0 }).catch(() => {});
    expect(upstream.requests).toHaveLength(1);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'error', attempts: 3 });
  });

  it('counts the attempts the server made for a success', async () => {
    upstream.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'application/json', 'x-stereos-attempts': '2' },
      body: JSON.stringify({
        id: 'c1',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    });
    const usage = collectEvents();
    const model = createStereos({
      baseURL: `${upstream.url}/v1`,
      apiKey: 'k',
      onUsage: usage.onUsage,
    })('gpt-4o');
    await generateText({ model, prompt: 'x' });
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'success', attempts: 2 });
  });

  it('streams count them too', async () => {
    upstream.enqueue({ kind: 'reply', text: 'fine' });
    const usage = collectEvents();
    const model = createStereos({
      baseURL: `${upstream.url}/v1`,
      apiKey: 'k',
      onUsage: usage.onUsage,
    })('gpt-4o');
    const result = streamText({ model, prompt: 'x' });
    expect(await result.text).toBe('fine');
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'success', attempts: 1 });
  });
});
