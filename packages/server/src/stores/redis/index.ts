export {
  type OpenRedisStoresOptions,
  openRedisStores,
  type RedisStores,
} from './open-redis-stores';
export {
  createRedisBudgetStore,
  DEFAULT_BUDGET_LEASE_MS,
  type RedisBudgetStoreOptions,
} from './redis-budget-store';
export type { RedisClient } from './redis-client';
export { createRedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter';
export {
  createRedisResponseCache,
  DEFAULT_MAX_CACHE_ENTRY_BYTES,
  type RedisResponseCacheOptions,
} from './redis-response-cache';
export { RedisStoreError } from './redis-store-error';
