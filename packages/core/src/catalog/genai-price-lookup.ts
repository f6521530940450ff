import type { ConditionalPrice, ModelPrice as RawModelPrice } from '@pydantic/genai-prices';
import { selectPriceEntry, type TokenUsage, totalPrice } from './price-calc';
import { matchPriceModel, type PriceModelRecord } from './price-match';
import { getProvider, isProviderId } from './providers';

/*
 * Internal: finds a model in @pydantic/genai-prices' data and keeps the answer. The data is
 * read from `price-data.ts` (generated from the package, parsed one provider at a time) and
 * priced by `price-calc.ts`, which does `calcPrice`'s maths: the package itself, 830 KB of
 * object literals evaluated at import, is never loaded (about 10 MB of idle RSS).
 */

/** A model found in the price data, narrowed for cheap repeated pricing. */
export interface PricedModel {
  /** The matched model entry. */
  model: PriceModelRecord;
  /** The id that matched. */
  matchedId: string;
  /**
   * Plain per-million rates when the model has one flat price (no tiers, dates or time windows):
   * then a call is priced by three multiplications, on every request.
   */
  flat: RawRates | undefined;
}

/** Per-million rates, as the package names them. */
export interface RawRates {
  input_mtok?: number;
  output_mtok?: number;
  cache_read_mtok?: number;
  /** For fast-path rates: they hold only for calls with fewer input tokens than this. */
  belowInputTokens?: number;
}

// Model ids come from clients; a cap keeps a stream of made-up ids from growing memory.
const MAX_MEMO_ENTRIES = 4096;
const memo = new Map<string, PricedModel | null>();

/**
 * Finds the price entry for a model served by `provider` (a Stereos provider id or a
 * genai-prices provider id). Aggregator ids (`anthropic/claude-sonnet-4-5` on OpenRouter or
 * Vercel) fall back to the creator's own entry when the aggregator has none.
 */
export function findPricedModel(provider: string, model: string): PricedModel | undefined {
  const key = `${provider}\u0000${model}`;
  const cached = memo.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const found = resolve(provider, model);
  if (memo.size >= MAX_MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
  memo.set(key, found ?? null);
  return found;
}

function resolve(provider: string, model: string): PricedModel | undefined {
  const ownId = pricingIdFor(provider);
  const slash = model.indexOf('/');
  if (ownId !== undefined) {
    const own = lookup(ownId, model);
    if (own || slash <= 0) return own;
  }
  if (slash <= 0) return lookup(undefined, model);
  const innerModel = model.slice(slash + 1);
  const innerId = pricingIdFor(model.slice(0, slash));
  return (innerId && lookup(innerId, innerModel)) || lookup(undefined, innerModel);
}

/** Stereos ids map through the table (Vercel has none); anything else is taken as-is. */
function pricingIdFor(provider: string): string | undefined {
  return isProviderId(provider) ? getProvider(provider).pricingProviderId : provider;
}

/** As `calcPrice(zero usage, model, { providerId })` found it: a model it can price now. */
function lookup(providerId: string | undefined, model: string): PricedModel | undefined {
  const found = matchPriceModel(model, providerId);
  if (!found || priceAt(found, new Date()) === undefined) return undefined;
  return { model: found, matchedId: model, flat: flatRates(found.prices) };
}

/** The rates in force at `at`; undefined when there are none the package would price with. */
function priceAt(model: PriceModelRecord, at: Date): RawModelPrice | undefined {
  const entry = selectPriceEntry(model, at);
  return entry && !model.invalid?.includes(entry.index) ? entry.prices : undefined;
}

/** Total price in USD of `usage` for a found model, at time `at` (now when absent). */
export function priceUsage(
  priced: PricedModel,
  usage: TokenUsage,
  at: Date = new Date(),
): number | undefined {
  const prices = priceAt(priced.model, at);
  return prices && totalPrice(prices, usage);
}

/**
 * Highest per-million rates the model can be billed at, at time `at`: the top tier of tiered
 * prices, and the dearer of time-of-day windows (DeepSeek's off-peak discount), since a budget
 * reservation must not undershoot.
 */
export function upperBoundRates(priced: PricedModel, at: Date = new Date()): RawRates {
  const candidates = applicablePrices(priced.model, at);
  return {
    input_mtok: maxRate(candidates, 'input_mtok'),
    output_mtok: maxRate(candidates, 'output_mtok'),
    cache_read_mtok: maxRate(candidates, 'cache_read_mtok'),
  };
}

/** The active start-date price plus every time-of-day window (any may apply during a call). */
function applicablePrices(model: PriceModelRecord, at: Date): RawModelPrice[] {
  if (!Array.isArray(model.prices)) return [model.prices];
  const windows = model.prices.filter((p) => p.constraint?.type === 'time_of_date');
  const dated = model.prices.filter((p) => p.constraint?.type !== 'time_of_date');
  const active = [...dated].reverse().find((p) => hasStarted(p, at)) ?? dated[0];
  return [...(active ? [active] : []), ...windows].map((p) => p.prices);
}

function hasStarted({ constraint }: ConditionalPrice, at: Date): boolean {
  return !constraint || (constraint.type === 'start_date' && at >= new Date(constraint.start_date));
}

function maxRate(prices: RawModelPrice[], key: keyof RawRates): number | undefined {
  let max: number | undefined;
  for (const price of prices) {
    const rate = topTier(price[key]);
    if (rate !== undefined && (max === undefined || rate > max)) max = rate;
  }
  return max;
}

function topTier(value: RawModelPrice[string]): number | undefined {
  if (typeof value === 'number') return value;
  if (!value) return undefined;
  return Math.max(value.base, ...value.tiers.map((t) => t.price));
}

// Keys the fast path prices. Other `*_mtok` keys (audio, cache writes) and `*_kcount` keys (web
// searches) price usage Stereos never reports, so they add nothing; these two change the maths.
const SLOW_KEYS = new Set(['output_reasoning_mtok', 'requests_kcount']);

/**
 * The base rates of a single price (no dates or time windows) when they hold for calls below
 * `belowInputTokens` (the first tier's start; Infinity when untiered).
 */
function flatRates(prices: PriceModelRecord['prices']): RawRates | undefined {
  if (Array.isArray(prices)) return undefined;
  let belowInputTokens = Number.POSITIVE_INFINITY;
  const rates: RawRates = {};
  for (const [key, value] of Object.entries(prices)) {
    if (value === undefined) continue;
    if (SLOW_KEYS.has(key)) return undefined;
    if (key !== 'input_mtok' && key !== 'output_mtok' && key !== 'cache_read_mtok') continue;
    if (typeof value === 'number') {
      rates[key] = value;
      continue;
    }
    rates[key] = value.base;
    for (const tier of value.tiers) belowInputTokens = Math.min(belowInputTokens, tier.start);
  }
  return { ...rates, belowInputTokens };
}
