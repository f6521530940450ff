import { createMemoryEventSink } from '../events/memory-sink';
import { createMemoryResponseCache } from './memory/memory-response-cache';
import type { openRedisStores } from './redis';
import { DEFAULT_CACHE_MAX_BYTES, type ServerStores } from './server-stores';

/** Where the server keeps its state. */
export interface StoreLocation {
  /** `DATABASE_URL`: PostgreSQL for keys, budgets, rate counters and the ledger. */
  databaseUrl?: string | undefined;
  /** `REDIS_URL`: Redis for budgets, rate counters and the response cache, shared by instances. */
  redisUrl?: string | undefined;
  /** `STEREOS_DATA_DIR`: the embedded SQLite file's folder when there is no `DATABASE_URL`. */
  dataDir?: string | undefined;
  /** `STEREOS_CACHE_MAX_BYTES`: the in-process response cache's bound (without Redis). */
  cacheMaxBytes?: number | undefined;
}

/**
 * Opens the stores the CLI runs on: the embedded SQLite file by default (no setup, durable),
 * PostgreSQL with `DATABASE_URL`, and Redis with `REDIS_URL` for the state many instances must
 * share atomically (budget reservations, rate counters, the cache). Migrations run here.
 */
export async function openServerStores(location: StoreLocation): Promise<ServerStores> {
  // Drivers load when a store is opened, and only the ones it uses (`pg` with DATABASE_URL,
  // ioredis with REDIS_URL): importing the package costs neither memory nor start-up time.
  const { openSqlStores } = await import('./sql');
  const sql = await openSqlStores({ url: location.databaseUrl, dataDir: location.dataDir });
  let redis: Awaited<ReturnType<typeof openRedisStores>> | undefined;
  try {
    // Loaded only with REDIS_URL: the default start never pays for ioredis.
    redis = location.redisUrl
      ? await (await import('./redis')).openRedisStores(location.redisUrl)
      : undefined;
  } catch (error) {
    await sql.close();
    throw error;
  }
  return {
    keys: sql.keys,
    ledger: sql.ledger,
    sessions: sql.sessions,
    budgets: redis?.budgets ?? sql.budgets,
    rates: redis?.rates ?? sql.rates,
    cache:
      redis?.cache ??
      createMemoryResponseCache({ maxBytes: location.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES }),
    events: createMemoryEventSink(),
    async close() {
      // The ledger's queue is written before its connection closes.
      await sql.close();
      await redis?.close();
    },
  };
}

/** Says where the state lives, for the start-up banner (no credentials). */
export function describeStores(location: StoreLocation): string {
  const sql = location.databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : 'embedded SQLite (STEREOS_DATA_DIR)';
  return location.redisUrl ? `${sql} + Redis (REDIS_URL)` : sql;
}
