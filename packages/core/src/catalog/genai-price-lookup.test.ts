import { readFileSync } from 'node:fs';
import { calcPrice, type Usage, waitForUpdate } from '@pydantic/genai-prices';
import { describe, expect, it, vi } from 'vitest';
import { findPricedModel, priceUsage } from './genai-price-lookup';
import { buildPriceData, PRICE_DATA_PACKAGE, renderPriceData } from './generate-price-data';
import type { TokenUsage } from './price-calc';
import { PRICE_DATA_SOURCE, PRICE_MODELS_JSON, PRICE_PROVIDERS_JSON } from './price-data';
import { matchPriceModel } from './price-match';

/*
 * Stereos prices calls from a snapshot of @pydantic/genai-prices' data with its own copy of the
 * package's matching and maths (the package is not loaded at run time). These tests hold that
 * copy to the package: every model of the data, found and priced exactly as `calcPrice` does.
 */

const providers = (await waitForUpdate()) ?? [];
const ZERO: Usage = { input_tokens: 0, output_tokens: 0 };

/** `calcPrice`, with a throw (inconsistent data) read as "no price", as Stereos reads it. */
function theirs(usage: Usage, model: string, options: Parameters<typeof calcPrice>[2]) {
  try {
    return calcPrice(usage, model, options);
  } catch {
    return null;
  }
}

function toUsage(t: TokenUsage): Usage {
  const usage: Usage = { input_tokens: t.input, output_tokens: t.output };
  if (t.cached > 0) usage.cache_read_tokens = t.cached;
  if (t.reasoning > 0) usage.output_reasoning_tokens = t.reasoning;
  return usage;
}

describe('the price data snapshot', () => {
  it('is what the installed package holds (regenerate with generate-price-data.ts)', async () => {
    const pinned = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
      .dependencies['@pydantic/genai-prices'];
    expect(PRICE_DATA_SOURCE).toBe(PRICE_DATA_PACKAGE);
    expect(PRICE_DATA_PACKAGE).toBe(`@pydantic/genai-prices@${pinned}`);
    const built = await buildPriceData();
    expect(PRICE_PROVIDERS_JSON).toBe(built.providers);
    expect(PRICE_MODELS_JSON).toEqual(built.models);
    const file = readFileSync(new URL('./price-data.ts', import.meta.url), 'utf8');
    expect(file).toBe(await renderPriceData());
  });

  it('holds every provider and model of the package', () => {
    expect(providers.length).toBeGreaterThan(40);
    const count = PRICE_MODELS_JSON.reduce((n, json) => n + JSON.parse(json).length, 0);
    expect(count).toBe(providers.reduce((n, p) => n + p.models.length, 0));
  });
});

describe('matching, against calcPrice', () => {
  it("finds each model by its provider's id as calcPrice does", () => {
    let checked = 0;
    for (const provider of providers) {
      for (const model of provider.models) {
        for (const id of [model.id, model.id.toUpperCase(), ` ${model.id}-20250101 `]) {
          const expected = theirs(ZERO, id, { providerId: provider.id })?.model.id;
          expect(matchPriceModel(id, provider.id)?.id, `${provider.id} ${id}`).toBe(expected);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(4000);
  });

  it('finds models without a provider id, by provider match and via LiteLLM ids', () => {
    for (const provider of providers) {
      for (const model of provider.models) {
        expect(matchPriceModel(model.id, undefined)?.id, model.id).toBe(
          theirs(ZERO, model.id, undefined)?.model.id,
        );
        const litellm = `${provider.id}/${model.id}`;
        expect(matchPriceModel(litellm, 'litellm')?.id, litellm).toBe(
          theirs(ZERO, litellm, { providerId: 'litellm' })?.model.id,
        );
      }
    }
  });

  it('finds nothing for unknown ids and providers, as calcPrice', () => {
    for (const [model, provider] of [
      ['no-such-model', 'openai'],
      ['gpt-4o', 'nowhere'],
      ['', 'openai'],
      ['x', undefined],
    ] as const) {
      expect(matchPriceModel(model, provider)?.id).toBe(
        theirs(ZERO, model, provider ? { providerId: provider } : undefined)?.model.id,
      );
    }
  });
});

describe('pricing, against calcPrice', () => {
  const usages: TokenUsage[] = [
    { input: 1_000, cached: 0, output: 500, reasoning: 0 },
    { input: 12_345, cached: 2_000, output: 678, reasoning: 100 },
    { input: 250_000, cached: 50_000, output: 1_000, reasoning: 999 },
    { input: 3_000_000, cached: 3_000_000, output: 10, reasoning: 10 },
    { input: 0, cached: 0, output: 0, reasoning: 0 },
  ];
  // Before and after price changes, and in and out of time-of-day windows (DeepSeek off-peak).
  const times = [
    '2023-01-01T00:00:00Z',
    '2025-02-01T17:00:00Z',
    '2025-06-01T12:00:00Z',
    '2026-11-21T01:00:00Z',
    '2026-11-21T16:45:30.250Z',
  ].map((t) => new Date(t));

  it('prices every model of the data exactly as calcPrice does', () => {
    let priced = 0;
    for (const provider of providers) {
      for (const model of provider.models) {
        const found = matchPriceModel(model.id, provider.id);
        if (!found) continue;
        for (const at of times) {
          for (const usage of usages) {
            const expected = theirs(toUsage(usage), model.id, {
              providerId: provider.id,
              timestamp: at,
            })?.total_price;
            const actual = priceUsage(
              { model: found, matchedId: model.id, flat: undefined },
              usage,
              at,
            );
            expect(actual, `${provider.id} ${model.id} ${at.toISOString()}`).toBe(expected);
            priced++;
          }
        }
      }
    }
    expect(priced).toBeGreaterThan(30_000);
  });

  it("prices a fresh process's first call right: the data is parsed, synchronously, on first use", async () => {
    vi.resetModules();
    const fresh = await import('./prices');
    const first = fresh.computeCostUsd({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      inputTokens: 300_000,
      cachedInputTokens: 1_000,
      outputTokens: 2_000,
    });
    const usage = { input_tokens: 300_000, cache_read_tokens: 1_000, output_tokens: 2_000 };
    const expected = calcPrice(usage, 'claude-sonnet-4-5', { providerId: 'anthropic' });
    expect(first).toBeCloseTo(expected?.total_price ?? Number.NaN, 12);
  });

  it('finds through Stereos provider ids the models calcPrice prices', () => {
    for (const [ours, theirsId, model] of [
      ['openai', 'openai', 'gpt-4o-mini'],
      ['gemini', 'google', 'gemini-2.5-pro'],
      ['deepseek', 'deepseek', 'deepseek-chat'],
      ['anthropic', 'anthropic', 'claude-sonnet-4-5-20250929'],
    ] as const) {
      const found = findPricedModel(ours, model);
      expect(found?.model.id).toBe(theirs(ZERO, model, { providerId: theirsId })?.model.id);
    }
  });
});
