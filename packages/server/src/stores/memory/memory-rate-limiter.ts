import { wholeAmount, wholeLimit, wholeWindow } from '../rate-limit-args';
import type { RateLimiter, RateLimitResult } from '../store-contracts';

/** Past this many live windows, expired ones are swept (counters come from client traffic). */
const SWEEP_AT = 10_000;

/**
 * Fixed-window counters in process memory. A window is aligned to the clock
 * (`floor(now / windowMs)`), like a Redis `INCR` on `key:window` with an expiry, so every
 * instance and store agrees on when it resets. `hit` checks and adds without an `await` in
 * between: atomic on the event loop.
 */
export function createMemoryRateLimiter(options: { now?: () => number } = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; end: number; count: number }>();

  function windowOf(key: string, windowMs: number, at: number) {
    const start = Math.floor(at / windowMs) * windowMs;
    let window = windows.get(key);
    if (!window || window.start !== start) {
      if (windows.size >= SWEEP_AT) sweep(at);
      window = { start, end: start + windowMs, count: 0 };
      windows.set(key, window);
    }
    return window;
  }

  function sweep(at: number) {
    for (const [key, window] of windows) if (window.end <= at) windows.delete(key);
  }

  return {
    async hit(key, rawAmount, rawLimit, rawWindowMs): Promise<RateLimitResult> {
      const amount = wholeAmount(rawAmount);
      const limit = wholeLimit(rawLimit);
      const windowMs = wholeWindow(rawWindowMs);
      const at = now();
      const window = windowOf(key, windowMs, at);
      const ok = window.count + amount <= limit;
      if (ok) window.count += amount;
      return {
        ok,
        limit,
        remaining: Math.max(0, limit - window.count),
        resetMs: window.end - at,
      };
    },
    async add(key, amount, windowMs) {
      windowOf(key, wholeWindow(windowMs), now()).count += wholeAmount(amount);
    },
  };
}
