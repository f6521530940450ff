/* The arguments of every `RateLimiter`, checked and rounded the same way whatever the store. */

/** Amounts are whole units (requests, tokens), rounded up. */
export function wholeAmount(amount: number): number {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`rate limit amount must be a finite number >= 0, got ${amount}`);
  }
  return Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(amount));
}

/** Limits are whole units, rounded down. */
export function wholeLimit(limit: number): number {
  if (Number.isNaN(limit) || limit < 0)
    throw new RangeError(`rate limit must be >= 0, got ${limit}`);
  return Math.min(Number.MAX_SAFE_INTEGER, Math.floor(limit));
}

export function wholeWindow(windowMs: number): number {
  if (!Number.isFinite(windowMs) || windowMs < 1) {
    throw new RangeError(`rate limit window must be >= 1 ms, got ${windowMs}`);
  }
  return Math.ceil(windowMs);
}
