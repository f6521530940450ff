/*
 * Budget amounts are stored as integer nano-dollars (1 USD = 1e9) in bigint columns, so the
 * limit check adds integers and never drifts the way float USD do (0.1 + 0.2). Values stay
 * below 2^53 (about 9 million USD per window), where JavaScript numbers are still exact.
 */
const NANOS_PER_USD = 1e9;

/** A non-negative USD amount in nano-dollars; throws a `RangeError` for anything else. */
export function usdToNanos(usd: number, what: string): number {
  const nanos = Math.round(usd * NANOS_PER_USD);
  if (!Number.isFinite(usd) || usd < 0 || nanos > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`${what} must be an amount from 0 to 9,007,199 USD, got ${usd}`);
  }
  return nanos;
}

/** A limit in nano-dollars; larger limits (Infinity too) are capped at what a window holds. */
export function limitToNanos(usd: number): number {
  if (Number.isNaN(usd) || usd < 0) throw new RangeError(`limitUsd must be >= 0, got ${usd}`);
  return Math.min(Number.MAX_SAFE_INTEGER, Math.round(usd * NANOS_PER_USD));
}

export function nanosToUsd(nanos: number): number {
  return nanos / NANOS_PER_USD;
}
