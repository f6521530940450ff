/**
 * Budget amounts are kept in Redis as integer nano-dollars (1 USD = 1e9), added with HINCRBY
 * (64-bit integers, https://redis.io/docs/latest/commands/hincrby/), so sums never drift the
 * way float USD do (0.1 + 0.2). A nano-dollar is below the price of a single token of the
 * cheapest models (0.01 USD per million tokens is 10 nano-dollars a token). Lua numbers are
 * doubles, exact up to 2^53 nano-dollars (about 9 million USD per window), the bound here.
 */
export const NANOS_PER_USD = 1e9;

/** The largest amount a window can hold exactly: 2^53 − 1 nano-dollars (~9.007 M USD). */
export const MAX_NANOS = Number.MAX_SAFE_INTEGER;

/** A non-negative USD amount in nano-dollars; throws a `RangeError` for anything else. */
export function usdToNanos(usd: number, what: string): number {
  if (!Number.isFinite(usd) || usd < 0) {
    throw new RangeError(`${what} must be a finite amount >= 0 USD, got ${usd}`);
  }
  const nanos = Math.round(usd * NANOS_PER_USD);
  if (nanos > MAX_NANOS) {
    throw new RangeError(`${what} must be at most ${MAX_NANOS / NANOS_PER_USD} USD, got ${usd}`);
  }
  return nanos;
}

/** A limit in nano-dollars; limits beyond what a window can count (Infinity too) are capped. */
export function limitToNanos(usd: number): number {
  if (Number.isNaN(usd) || usd < 0) {
    throw new RangeError(`limitUsd must be an amount >= 0 USD, got ${usd}`);
  }
  return Math.min(MAX_NANOS, Math.round(usd * NANOS_PER_USD));
}

export function nanosToUsd(nanos: number): number {
  return nanos / NANOS_PER_USD;
}
