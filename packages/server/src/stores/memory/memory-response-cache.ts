import { LRUCache } from 'lru-cache';
import type { CachedAnswer, ResponseCache } from '../store-contracts';

/** Options of {@link createMemoryResponseCache}. */
export interface MemoryResponseCacheOptions {
  /** Bound of the whole cache, in bytes (bodies, keys and names counted as UTF-16). */
  maxBytes: number;
  /** Clock for expiry, `performance.now()` by default (tests inject one). */
  now?: () => number;
}

/**
 * The in-process response cache: an LRU bounded in bytes (`lru-cache`), entries expiring after
 * their own TTL. An answer larger than the whole bound is simply not kept. Answers are stored
 * per server instance; many instances share one through the Redis cache instead.
 */
export function createMemoryResponseCache(options: MemoryResponseCacheOptions): ResponseCache {
  const cache = new LRUCache<string, CachedAnswer>({
    maxSize: options.maxBytes,
    // JS strings are UTF-16 in the worst case: two bytes per code unit is what memory holds.
    sizeCalculation: (answer, key) =>
      Math.max(
        1,
        2 * (key.length + answer.body.length + answer.provider.length + answer.model.length),
      ),
    // Read the clock on every get: a cached "now" would let an entry outlive its TTL a little.
    ttlResolution: 0,
    ...(options.now ? { perf: { now: options.now } } : {}),
  });
  return {
    async get(key) {
      const answer = cache.get(key);
      return answer && { ...answer };
    },
    async set(key, answer, ttlSeconds) {
      cache.set(key, { ...answer }, { ttl: ttlSeconds * 1000 });
    },
  };
}
