import type { ModelPrice as RawModelPrice, TimeOfDateConstraint } from '@pydantic/genai-prices';
import type { PriceModelRecord } from './price-match';

/*
 * Internal: the maths of @pydantic/genai-prices' `calcPrice` for the usage Stereos reports (input
 * tokens with their cache reads, output tokens with their reasoning), on a model of the price
 * data, without loading the package (see `price-match.ts`). Same operations in the same order,
 * so the same floating-point results; `price-lookup.test.ts` compares every model with the
 * package. Prices are per million tokens (`*_mtok`) or per thousand requests (`requests_kcount`);
 * other units (audio, images, searches, cache writes) price usage Stereos never reports: zero.
 */

/** Token counts, hierarchical like OpenAI's: `input` includes `cached`, `output` `reasoning`. */
export interface TokenUsage {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

/**
 * The price entry in force at `at`: the last one whose start date has passed or whose
 * time-of-day window holds `at` (UTC), else the first. `undefined` for an invalid date.
 */
export function selectPriceEntry(
  model: PriceModelRecord,
  at: Date,
): { prices: RawModelPrice; index: number } | undefined {
  if (!Array.isArray(model.prices)) return { prices: model.prices, index: 0 };
  if (Number.isNaN(at.getTime())) return undefined;
  for (let i = model.prices.length - 1; i >= 0; i--) {
    const entry = model.prices[i];
    if (!entry) continue;
    const constraint = entry.constraint;
    if (constraint === undefined) return { prices: entry.prices, index: i };
    if (constraint.type === 'start_date') {
      if (at >= new Date(constraint.start_date)) return { prices: entry.prices, index: i };
    } else if (constraint.type === 'time_of_date') {
      if (inWindow(constraint, at)) return { prices: entry.prices, index: i };
    } else {
      return undefined;
    }
  }
  const first = model.prices[0];
  return first && { prices: first.prices, index: 0 };
}

function inWindow(window: TimeOfDateConstraint, at: Date): boolean {
  const now =
    at.getUTCHours() * 3600 +
    at.getUTCMinutes() * 60 +
    at.getUTCSeconds() +
    at.getUTCMilliseconds() / 1e3;
  const start = secondsOfDay(window.start_time);
  const end = secondsOfDay(window.end_time);
  if (start === undefined || end === undefined) return false;
  return end < start ? now >= start || now < end : now >= start && now < end;
}

/** `HH:MM:SS[.fff](Z|±HH:MM)` → seconds after midnight UTC. */
function secondsOfDay(time: string): number | undefined {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!m) return undefined;
  const [, h, min, s, fraction = '', zone, sign, oh = '00', om = '00'] = m;
  const offset = (Number(oh) * 60 + Number(om)) * 60;
  const local = Number(h) * 3600 + Number(min) * 60 + Number(s) + +`0.${fraction}`;
  const shift = zone === 'Z' ? 0 : sign === '+' ? offset : -offset;
  return (local - shift + 86400) % 86400;
}

type Direction = 'input' | 'output' | 'other';

/** The price keys whose usage Stereos reports, with the unit's size and direction. */
const UNITS: Record<string, { per: number; direction: Direction }> = {
  input_mtok: { per: 1e6, direction: 'input' },
  cache_read_mtok: { per: 1e6, direction: 'input' },
  output_mtok: { per: 1e6, direction: 'output' },
  output_reasoning_mtok: { per: 1e6, direction: 'output' },
  requests_kcount: { per: 1e3, direction: 'other' },
};

/**
 * The total price in USD of `usage` at these rates, as `calcPrice` sums it: each priced unit
 * counts what no more specific priced unit counts (uncached input when cache reads have their
 * own price), at the tier the whole input reaches.
 */
export function totalPrice(prices: RawModelPrice, usage: TokenUsage): number {
  const tiered = Object.values(prices).some((v) => typeof v === 'object');
  const tierInput = tiered ? usage.input : 0;
  let input = 0;
  let output = 0;
  let other = 0;
  for (const [key, price] of Object.entries(prices)) {
    const unit = UNITS[key];
    if (price === undefined || !unit) continue;
    const amount = leafAmount(key, prices, usage);
    const value = priceOf(price, amount, tierInput, unit.per);
    if (unit.direction === 'input') input += value;
    else if (unit.direction === 'output') output += value;
    else other += value;
  }
  return input + output + other;
}

function leafAmount(key: string, prices: RawModelPrice, usage: TokenUsage): number {
  switch (key) {
    case 'input_mtok':
      return prices['cache_read_mtok'] === undefined ? usage.input : usage.input - usage.cached;
    case 'cache_read_mtok':
      return usage.cached;
    case 'output_mtok':
      return prices['output_reasoning_mtok'] === undefined
        ? usage.output
        : usage.output - usage.reasoning;
    case 'output_reasoning_mtok':
      return usage.reasoning;
    default:
      return 1; // requests: one per call
  }
}

function priceOf(
  price: NonNullable<RawModelPrice[string]>,
  amount: number,
  tierInput: number,
  per: number,
): number {
  if (typeof price === 'number') return (price * amount) / per;
  return (tieredCost(price, amount, tierInput) * 1e6) / per;
}

function tieredCost(
  price: { base: number; tiers: { start: number; price: number }[] },
  amount: number,
  tierInput: number,
): number {
  if (amount <= 0) return 0;
  let rate = price.base;
  const tiers = [...price.tiers].sort((a, b) => a.start - b.start);
  for (const tier of tiers) if (tierInput > tier.start) rate = tier.price;
  return (rate * amount) / 1e6;
}
