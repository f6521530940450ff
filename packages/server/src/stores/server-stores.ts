import { MemoryBudgetStore } from '@stereos/core';
import { createMemoryEventSink, type MemoryEventSink } from '../events/memory-sink';
import { createMemoryKeyStore } from './memory/memory-key-store';
import { createMemoryLedger } from './memory/memory-ledger';
import { createMemoryRateLimiter } from './memory/memory-rate-limiter';
import { createMemoryResponseCache } from './memory/memory-response-cache';
import { createMemorySessionStore } from './memory/memory-session-store';
import type { StoreSet } from './store-contracts';

/**
 * The storage the server runs on: keys, budgets, rate counters, the response cache and the
 * event ledger (`StoreSet`), plus `events`, a ring buffer of recent events tests and tools read.
 * The embedded default needs no setup; SQLite (embedded, durable), Postgres (`DATABASE_URL`)
 * and Redis (`REDIS_URL`) implement the same contracts. Whatever backs it, the hot path makes
 * no synchronous database round trip: keys are cached, events queued and written in batches.
 */
export interface ServerStores extends StoreSet {
  /** The newest events in memory (`waitFor` in tests), whatever ledger is configured. */
  events: MemoryEventSink;
}

/** Sizes of the embedded stores. */
export interface EmbeddedStoreOptions {
  /** Events kept by `events` (default 1000). */
  eventCapacity?: number | undefined;
  /** Events kept by the in-memory ledger (default 10,000). */
  ledgerCapacity?: number | undefined;
  /** Bound of the response cache in bytes (default 64 MiB). */
  cacheMaxBytes?: number | undefined;
}

/** Default bound of the in-memory response cache. */
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** The embedded default: everything in memory, nothing to configure, nothing to close. */
export function createEmbeddedStores(options: EmbeddedStoreOptions = {}): ServerStores {
  const ledger = createMemoryLedger(options.ledgerCapacity);
  return {
    keys: createMemoryKeyStore(),
    budgets: new MemoryBudgetStore(),
    rates: createMemoryRateLimiter(),
    cache: createMemoryResponseCache({
      maxBytes: options.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES,
    }),
    ledger,
    sessions: createMemorySessionStore(),
    events: createMemoryEventSink(options.eventCapacity),
    close: () => ledger.flush(),
  };
}
