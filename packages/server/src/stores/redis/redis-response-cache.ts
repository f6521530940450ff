import type { CachedAnswer, ResponseCache } from '../store-contracts';
import type { RedisClient } from './redis-client';
import { storeOperation } from './redis-store-error';

/** Options of `createRedisResponseCache`. */
export interface RedisResponseCacheOptions {
  /** Put before every key, e.g. `stereos:`; caches sharing a prefix share answers. */
  prefix: string;
  /** Answers whose stored JSON is larger than this (UTF-8 bytes) are not cached. Default 1 MiB. */
  maxEntryBytes?: number | undefined;
}

export const DEFAULT_MAX_CACHE_ENTRY_BYTES = 1024 * 1024;

/**
 * A `ResponseCache` in Redis: each answer is one JSON string stored with `SET … EX ttl`
 * (https://redis.io/docs/latest/commands/set/), so Redis drops it when the TTL ends. Answers
 * over `maxEntryBytes` are skipped, and an entry that does not read back as an answer is a miss.
 */
export function createRedisResponseCache(
  redis: RedisClient,
  options: RedisResponseCacheOptions,
): ResponseCache {
  const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_CACHE_ENTRY_BYTES;
  if (!Number.isFinite(maxEntryBytes) || maxEntryBytes < 0) {
    throw new RangeError(`maxEntryBytes must be a number >= 0, got ${maxEntryBytes}`);
  }
  const keyOf = (key: string) => `${options.prefix}cache:${key}`;

  return {
    async get(key) {
      const raw = await storeOperation(redis, 'cache get', () => redis.get(keyOf(key)));
      return raw === null ? undefined : parseAnswer(raw);
    },

    async set(key, answer, ttlSeconds) {
      if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) return;
      const { kind, body, provider, model } = answer;
      const value = JSON.stringify({ kind, body, provider, model });
      if (Buffer.byteLength(value, 'utf8') > maxEntryBytes) return;
      await storeOperation(redis, 'cache set', () =>
        redis.set(keyOf(key), value, 'EX', Math.ceil(ttlSeconds)),
      );
    },
  };
}

function parseAnswer(raw: string): CachedAnswer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, body, provider, model } = value as Record<string, unknown>;
  if (kind !== 'json' && kind !== 'stream') return undefined;
  if (typeof body !== 'string' || typeof provider !== 'string' || typeof model !== 'string') {
    return undefined;
  }
  return { kind, body, provider, model };
}
