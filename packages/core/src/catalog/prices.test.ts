import { describe, expect, it } from 'vitest';
import { computeCostUsd, createPriceTable, getModelPrice } from './prices';

const usage = { inputTokens: 1_000, outputTokens: 500 };

describe('computeCostUsd', () => {
  it('prices OpenAI models', () => {
    // gpt-4o: $2.50 in, $10 out per 1M.
    expect(computeCostUsd({ provider: 'openai', model: 'gpt-4o', ...usage })).toBeCloseTo(
      0.0075,
      10,
    );
    // gpt-4o-mini: $0.15 in, $0.60 out per 1M.
    expect(computeCostUsd({ provider: 'openai', model: 'gpt-4o-mini', ...usage })).toBeCloseTo(
      0.00045,
      10,
    );
  });

  it('counts cached input inside inputTokens at the cache-read rate', () => {
    // claude-sonnet-4-5: $3 in, $0.30 cache read, $15 out; 800 uncached + 200 cached + 500 out.
    const cost = computeCostUsd({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      inputTokens: 1_000,
      cachedInputTokens: 200,
      outputTokens: 500,
    });
    expect(cost).toBeCloseTo((800 * 3 + 200 * 0.3 + 500 * 15) / 1e6, 10);
  });

  it('prices Gemini through the google price list', () => {
    // gemini-2.5-flash: $0.30 in, $2.50 out per 1M.
    expect(computeCostUsd({ provider: 'gemini', model: 'gemini-2.5-flash', ...usage })).toBeCloseTo(
      0.00155,
      10,
    );
    expect(computeCostUsd({ provider: 'google', model: 'gemini-2.5-flash', ...usage })).toBeCloseTo(
      0.00155,
      10,
    );
  });

  it('returns undefined for unknown models', () => {
    expect(
      computeCostUsd({ provider: 'openai', model: 'no-such-model', ...usage }),
    ).toBeUndefined();
    expect(
      computeCostUsd({ provider: 'kimi', model: 'kimi-for-coding', ...usage }),
    ).toBeUndefined();
    expect(computeCostUsd({ provider: 'nowhere', model: 'x', ...usage })).toBeUndefined();
  });

  it('prices aggregator ids as the creator model when the aggregator has no entry', () => {
    const sonnet = (1_000 * 3 + 500 * 15) / 1e6;
    expect(
      computeCostUsd({ provider: 'vercel', model: 'anthropic/claude-sonnet-4-5', ...usage }),
    ).toBeCloseTo(sonnet, 10);
    expect(
      computeCostUsd({ provider: 'openrouter', model: 'anthropic/claude-sonnet-4-5', ...usage }),
    ).toBeCloseTo(sonnet, 10);
    // OpenRouter's own entry when it has one.
    expect(
      computeCostUsd({ provider: 'openrouter', model: 'anthropic/claude-sonnet-4.5', ...usage }),
    ).toBeCloseTo(sonnet, 10);
    expect(
      computeCostUsd({ provider: 'vertex', model: 'google/gemini-2.5-flash', ...usage }),
    ).toBeCloseTo(0.00155, 10);
  });

  it('prices the other table providers', () => {
    for (const [provider, model] of [
      ['groq', 'llama-3.3-70b-versatile'],
      ['deepseek', 'deepseek-chat'],
      ['xai', 'grok-4'],
      ['mistral', 'mistral-large-latest'],
      ['cohere', 'command-r-plus'],
      ['azure', 'gpt-4o'],
      ['bedrock', 'openai.gpt-oss-120b-1:0'],
    ] as const) {
      expect(computeCostUsd({ provider, model, ...usage }), `${provider}/${model}`).toBeGreaterThan(
        0,
      );
    }
  });

  it('treats reasoning tokens as part of outputTokens', () => {
    const base = { provider: 'openai', model: 'o3', inputTokens: 10, outputTokens: 100 };
    expect(computeCostUsd({ ...base, reasoningTokens: 60 })).toBeCloseTo(computeCostUsd(base)!, 12);
  });

  it('clamps inconsistent counts instead of throwing', () => {
    const cost = computeCostUsd({
      provider: 'openai',
      model: 'gpt-4o',
      inputTokens: 10,
      cachedInputTokens: 50,
      outputTokens: -5,
      reasoningTokens: Number.NaN,
    });
    // All 10 input tokens cached at $1.25 per 1M.
    expect(cost).toBeCloseTo((10 * 1.25) / 1e6, 12);
  });

  it('answers repeated lookups from the memo consistently', () => {
    const a = computeCostUsd({ provider: 'openai', model: 'gpt-4o', ...usage });
    const b = computeCostUsd({ provider: 'openai', model: 'gpt-4o', ...usage });
    expect(a).toBe(b);
  });
});

describe('getModelPrice', () => {
  it('returns per-million rates', () => {
    expect(getModelPrice('openai', 'gpt-4o')).toEqual({
      inputPerMTok: 2.5,
      outputPerMTok: 10,
      cachedInputPerMTok: 1.25,
    });
  });

  it('takes the highest tier of tiered prices', () => {
    // claude-sonnet-4-5 doubles its input price above 200k prompt tokens.
    expect(getModelPrice('anthropic', 'claude-sonnet-4-5')).toEqual({
      inputPerMTok: 6,
      outputPerMTok: 22.5,
      cachedInputPerMTok: 0.6,
    });
  });

  it('takes the dearer of time-of-day windows', () => {
    // deepseek-chat is discounted off-peak; a reservation uses the peak price.
    expect(getModelPrice('deepseek', 'deepseek-chat')).toEqual({
      inputPerMTok: 0.27,
      outputPerMTok: 1.1,
      cachedInputPerMTok: 0.07,
    });
  });

  it('returns undefined for unknown models', () => {
    expect(getModelPrice('openai', 'no-such-model')).toBeUndefined();
  });
});

describe('createPriceTable', () => {
  const table = createPriceTable({
    'openai/gpt-4o': { inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: 0.5 },
    'my-finetune': { inputPerMTok: 4, outputPerMTok: 8 },
  });

  it('lets a provider/model override win over the price data', () => {
    expect(table.computeCostUsd({ provider: 'openai', model: 'gpt-4o', ...usage })).toBeCloseTo(
      (1_000 * 1 + 500 * 2) / 1e6,
      12,
    );
    expect(
      table.computeCostUsd({
        provider: 'openai',
        model: 'gpt-4o',
        inputTokens: 1_000,
        cachedInputTokens: 400,
        outputTokens: 0,
      }),
    ).toBeCloseTo((600 * 1 + 400 * 0.5) / 1e6, 12);
    expect(table.getModelPrice('openai', 'gpt-4o')).toEqual({
      inputPerMTok: 1,
      outputPerMTok: 2,
      cachedInputPerMTok: 0.5,
    });
    // Only for that provider.
    expect(table.computeCostUsd({ provider: 'azure', model: 'gpt-4o', ...usage })).toBeCloseTo(
      0.0075,
      10,
    );
  });

  it('applies a bare model override to any provider', () => {
    expect(table.computeCostUsd({ provider: 'azure', model: 'my-finetune', ...usage })).toBeCloseTo(
      (1_000 * 4 + 500 * 8) / 1e6,
      12,
    );
    expect(table.getModelPrice('openai', 'my-finetune')).toEqual({
      inputPerMTok: 4,
      outputPerMTok: 8,
    });
  });

  it('falls back to the price data without overrides', () => {
    expect(
      table.computeCostUsd({ provider: 'openai', model: 'gpt-4o-mini', ...usage }),
    ).toBeCloseTo(0.00045, 10);
  });
});

describe('the flat-price fast path', () => {
  it('prices exactly like @pydantic/genai-prices for flat models', async () => {
    const { calcPrice } = await import('@pydantic/genai-prices');
    const cases: [string, string, string][] = [
      ['openai', 'openai', 'gpt-4o'],
      ['openai', 'openai', 'gpt-4o-mini'],
      ['groq', 'groq', 'llama-3.3-70b-versatile'],
      ['mistral', 'mistral', 'mistral-large-latest'],
      ['anthropic', 'anthropic', 'claude-sonnet-4-5'],
      ['gemini', 'google', 'gemini-2.5-flash'],
    ];
    for (const [ours, theirs, model] of cases) {
      // below and above a long-context tier (Claude: 200k input tokens)
      for (const inputTokens of [12_345, 250_000]) {
        const usage = { input_tokens: inputTokens, cache_read_tokens: 2_000, output_tokens: 678 };
        const expected = calcPrice(usage, model, { providerId: theirs })?.total_price;
        const actual = computeCostUsd({
          provider: ours,
          model,
          inputTokens,
          cachedInputTokens: 2_000,
          outputTokens: 678,
        });
        expect(actual, `${model} at ${inputTokens}`).toBeCloseTo(expected ?? Number.NaN, 10);
      }
    }
  });
});
