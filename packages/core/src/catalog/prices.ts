import { findPricedModel, priceUsage, type RawRates, upperBoundRates } from './genai-price-lookup';
import type { ProviderId } from './providers';

/** Per-million-token prices in USD. */
export interface ModelPrice {
  /** USD per 1M uncached input tokens. */
  inputPerMTok: number;
  /** USD per 1M output tokens (reasoning included). */
  outputPerMTok: number;
  /** USD per 1M cached input tokens (cache reads); `inputPerMTok` when absent. */
  cachedInputPerMTok?: number;
}

/** Token counts of one call, as OpenAI reports them. */
export interface CostInput {
  /** A Stereos provider id, or a `@pydantic/genai-prices` provider id (e.g. `google`). */
  provider: ProviderId | string;
  /** The model that served the call (upstream id, e.g. `claude-sonnet-4-5`). */
  model: string;
  /** Prompt tokens, cached ones INCLUDED (OpenAI's `prompt_tokens`). */
  inputTokens: number;
  /** Completion tokens, reasoning INCLUDED (OpenAI's `completion_tokens`). */
  outputTokens: number;
  /** The part of `inputTokens` read from the prompt cache. */
  cachedInputTokens?: number;
  /** The part of `outputTokens` spent on reasoning. */
  reasoningTokens?: number;
  /** When the call happened (prices can change by date or time of day); now when absent. */
  at?: Date;
}

/** Prices calls. Built by `createPriceTable`. */
export interface PriceTable {
  /** Cost in USD of one call; `undefined` when the model has no known price. */
  computeCostUsd(input: CostInput): number | undefined;
  /**
   * Highest per-million rates the model can be billed at (top tier of tiered prices), for
   * budget reservations; `undefined` when the model has no known price.
   */
  getModelPrice(provider: ProviderId | string, model: string): ModelPrice | undefined;
}

/**
 * Creates a price table backed by `@pydantic/genai-prices`' data (bundled, no network; see
 * `genai-price-lookup.ts`).
 * `overrides` win over it; keys are `provider/model` (e.g. `openai/gpt-4o`, or
 * `vercel/anthropic/claude-sonnet-4-5`) or a bare `model` matching any provider.
 */
export function createPriceTable(overrides: Record<string, ModelPrice> = {}): PriceTable {
  const overrideMap = new Map(Object.entries(overrides));
  const findOverride = (provider: string, model: string) =>
    overrideMap.get(`${provider}/${model}`) ?? overrideMap.get(model);

  return {
    computeCostUsd(input) {
      const tokens = normalizeTokens(input);
      const override = findOverride(input.provider, input.model);
      if (override) return roundUsd(costFromRates(override, tokens));
      const priced = findPricedModel(input.provider, input.model);
      if (!priced) return undefined;
      const flat = priced.flat;
      if (flat && !input.at && tokens.input < (flat.belowInputTokens ?? 0)) {
        return roundUsd(costFromRawRates(flat, tokens));
      }
      const total = priceUsage(priced, tokens, input.at);
      return total === undefined ? undefined : roundUsd(total);
    },
    getModelPrice(provider, model) {
      const override = findOverride(provider, model);
      if (override) return { ...override };
      const priced = findPricedModel(provider, model);
      return priced && toModelPrice(upperBoundRates(priced));
    },
  };
}

interface Tokens {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

/** Clamps to sane counts: a cached or reasoning part never exceeds its total. */
function normalizeTokens(input: CostInput): Tokens {
  const total = count(input.inputTokens);
  const output = count(input.outputTokens);
  return {
    input: total,
    cached: Math.min(count(input.cachedInputTokens), total),
    output,
    reasoning: Math.min(count(input.reasoningTokens), output),
  };
}

function count(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 0;
}

function costFromRates(price: ModelPrice, t: Tokens): number {
  const cachedRate = price.cachedInputPerMTok ?? price.inputPerMTok;
  const inputCost = (t.input - t.cached) * price.inputPerMTok + t.cached * cachedRate;
  return (inputCost + t.output * price.outputPerMTok) / 1_000_000;
}

/** Same as `calcPrice` for a flat price: uncached input, cache reads, output (reasoning included). */
function costFromRawRates(rates: RawRates, t: Tokens): number {
  const input = rates.input_mtok ?? 0;
  const cached = rates.cache_read_mtok ?? input;
  return (
    ((t.input - t.cached) * input + t.cached * cached + t.output * (rates.output_mtok ?? 0)) / 1e6
  );
}

/** Drops float noise (0.0000068999999…) below a billionth of a cent. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}

function toModelPrice(rates: ReturnType<typeof upperBoundRates>): ModelPrice | undefined {
  if (rates.input_mtok === undefined && rates.output_mtok === undefined) return undefined;
  const price: ModelPrice = {
    inputPerMTok: rates.input_mtok ?? 0,
    outputPerMTok: rates.output_mtok ?? 0,
  };
  if (rates.cache_read_mtok !== undefined) price.cachedInputPerMTok = rates.cache_read_mtok;
  return price;
}

const defaultPriceTable = createPriceTable();

/** Cost in USD of one call from the default price table. See `PriceTable.computeCostUsd`. */
export const computeCostUsd: PriceTable['computeCostUsd'] = defaultPriceTable.computeCostUsd;

/** Upper-bound rates from the default price table. See `PriceTable.getModelPrice`. */
export const getModelPrice: PriceTable['getModelPrice'] = defaultPriceTable.getModelPrice;
