import type { BudgetStore } from '@stereos/core';
import { Redis } from 'ioredis';
import type { RateLimiter, ResponseCache } from '../store-contracts';
import { createRedisBudgetStore } from './redis-budget-store';
import { createRedisRateLimiter } from './redis-rate-limiter';
import { createRedisResponseCache } from './redis-response-cache';
import { describeError, RedisStoreError, redactRedisUrl } from './redis-store-error';

/** Options of `openRedisStores`. */
export interface OpenRedisStoresOptions {
  /** Put before every key; instances sharing Redis and prefix share state. Default `stereos:`. */
  prefix?: string | undefined;
  /** Answers larger than this are not cached (bytes). Default 1 MiB. */
  maxCacheEntryBytes?: number | undefined;
  /** How long an unsettled budget reservation holds its amount (ms). Default one hour. */
  budgetLeaseMs?: number | undefined;
  /** Give up connecting after this long (ms). Default 5 s. */
  connectTimeoutMs?: number | undefined;
  /**
   * Told about connection errors after the stores are open (Redis went away; the client keeps
   * reconnecting, and store calls fail with a `RedisStoreError` until it is back). Default:
   * one line on stderr per new message, without the URL's credentials.
   */
  onError?: ((error: Error) => void) | undefined;
}

/** The Redis stores of the server, on one connection. */
export interface RedisStores {
  budgets: BudgetStore;
  rates: RateLimiter;
  cache: ResponseCache;
  /** Closes the connection (QUIT); safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Connects to Redis (`redis://` or `rediss://` URL, as in `REDIS_URL`) and opens the budget,
 * rate-limit and cache stores on that connection. Fails with a `RedisStoreError` naming the
 * server (never its password) when it cannot connect, so a wrong `REDIS_URL` stops start-up
 * with a clear message rather than with the first request.
 *
 * The client never queues commands while disconnected (`enableOfflineQueue: false`) nor
 * replays them after a reconnect (`maxRetriesPerRequest: 0`): a gateway call fails fast
 * instead of waiting, and a script is never run twice
 * (options: https://github.com/redis/ioredis/blob/main/lib/redis/RedisOptions.ts).
 * An `error` listener is always attached: an `EventEmitter` without one throws, which would
 * end the process (https://nodejs.org/api/events.html#error-events).
 */
export async function openRedisStores(
  url: string,
  options: OpenRedisStoresOptions = {},
): Promise<RedisStores> {
  const where = redactRedisUrl(url);
  if (!/^rediss?:\/\//i.test(url)) {
    throw new RedisStoreError(`REDIS_URL must start with redis:// or rediss://, got ${where}`);
  }
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });

  let lastError: Error | undefined;
  let opened = false;
  const report = options.onError ?? stderrReporter(where);
  redis.on('error', (error: Error) => {
    lastError = error;
    if (opened) report(error);
  });

  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const why = describeError(lastError ?? error);
    throw new RedisStoreError(`Cannot connect to Redis at ${where}: ${why}`, {
      cause: lastError ?? error,
    });
  }
  opened = true;

  const prefix = options.prefix ?? 'stereos:';
  let closing: Promise<void> | undefined;
  return {
    budgets: createRedisBudgetStore(redis, { prefix, leaseMs: options.budgetLeaseMs }),
    rates: createRedisRateLimiter(redis, { prefix }),
    cache: createRedisResponseCache(redis, { prefix, maxEntryBytes: options.maxCacheEntryBytes }),
    close() {
      closing ??= redis.quit().then(
        () => undefined,
        // Not connected (Redis is down): nothing to say goodbye to, just stop reconnecting.
        () => redis.disconnect(),
      );
      return closing;
    },
  };
}

/** One stderr line per new error message (a reconnect loop repeats the same one). */
function stderrReporter(where: string): (error: Error) => void {
  let last = '';
  return (error) => {
    const message = describeError(error);
    if (message === last) return;
    last = message;
    console.error(`stereos: Redis at ${where}: ${message}`);
  };
}
