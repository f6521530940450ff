import type { RateLimiter, RateLimitResult } from '../store-contracts';
import type { RedisClient } from './redis-client';
import { defineScript } from './redis-script';
import { storeOperation } from './redis-store-error';

/** Options of `createRedisRateLimiter`. */
export interface RedisRateLimiterOptions {
  /** Put before every key, e.g. `stereos:`; limiters sharing a prefix share counters. */
  prefix: string;
}

/*
 * A fixed window is one counter key that expires when the window ends: the first hit sets
 * the expiry (PEXPIRE, https://redis.io/docs/latest/commands/pexpire/), later hits only add
 * (INCRBY, https://redis.io/docs/latest/commands/incrby/), and PTTL says how long is left
 * (https://redis.io/docs/latest/commands/pttl/: -2 no key, -1 no expiry). The check and the
 * add are one script, so concurrent hits from any instance never pass more than the limit.
 */

/**
 * KEYS: counter. ARGV: amount, limit, window ms.
 * Returns `{1 | 0, count, ms left}`: 1 when the amount was added.
 */
const hitScript = defineScript(`
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  ttl = tonumber(ARGV[3])
end
if count + tonumber(ARGV[1]) > tonumber(ARGV[2]) then
  if ttl < 0 then ttl = tonumber(ARGV[3]) end
  return {0, count, ttl}
end
count = redis.call('INCRBY', KEYS[1], ARGV[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  ttl = tonumber(ARGV[3])
end
return {1, count, ttl}
`);

/** KEYS: counter. ARGV: amount, window ms. Adds regardless of any limit. */
const addScript = defineScript(`
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return count
`);

/**
 * A `RateLimiter` in Redis: fixed windows shared by every instance using the same Redis and
 * prefix, each `hit` one atomic script (check, add, start the window on the first hit).
 * Amounts are rounded up and limits down to whole numbers (requests, tokens).
 */
export function createRedisRateLimiter(
  redis: RedisClient,
  options: RedisRateLimiterOptions,
): RateLimiter {
  const keyOf = (key: string) => `${options.prefix}rate:${key}`;

  return {
    async hit(key, amount, limit, windowMs): Promise<RateLimitResult> {
      const add = wholeAmount(amount);
      const max = wholeLimit(limit);
      const window = windowOf(windowMs);
      const reply = await storeOperation(redis, 'rate limit hit', () =>
        hitScript.run(redis, [keyOf(key)], [add, max, window]),
      );
      const [ok, count, ttl] = reply as [number, number, number];
      return {
        ok: ok === 1,
        limit: max,
        remaining: Math.max(0, max - Number(count)),
        resetMs: Math.max(0, Number(ttl)),
      };
    },

    async add(key, amount, windowMs): Promise<void> {
      const add = wholeAmount(amount);
      const window = windowOf(windowMs);
      await storeOperation(redis, 'rate limit add', () =>
        addScript.run(redis, [keyOf(key)], [add, window]),
      );
    },
  };
}

function wholeAmount(amount: number): number {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`rate limit amount must be a finite number >= 0, got ${amount}`);
  }
  return Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(amount));
}

function wholeLimit(limit: number): number {
  if (Number.isNaN(limit) || limit < 0) {
    throw new RangeError(`rate limit must be a number >= 0, got ${limit}`);
  }
  return Math.min(Number.MAX_SAFE_INTEGER, Math.floor(limit));
}

function windowOf(windowMs: number): number {
  if (!Number.isFinite(windowMs) || windowMs < 1) {
    throw new RangeError(`rate limit window must be >= 1 ms, got ${windowMs}`);
  }
  return Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(windowMs));
}
