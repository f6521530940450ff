import { type BudgetStore, MemoryBudgetStore } from '@stereos/core';
import type { KeyResolver } from '../auth/key-resolver';
import { createMemoryEventSink, type MemoryEventSink } from '../events/memory-sink';

/**
 * The storage the server runs on. The embedded default needs no setup (in memory for now);
 * this is the seam for SQLite (embedded, durable), Postgres (`DATABASE_URL`: ledger and keys)
 * and Redis (`REDIS_URL`: counters and cache shared by instances). Whatever backs it, the hot
 * path makes no synchronous database round trip: keys are cached, events queued and batched.
 */
export interface ServerStores {
  /** Virtual keys kept in the store; `undefined` when the store holds none. */
  keys?: KeyResolver | undefined;
  /** The event ledger. The embedded default keeps the newest events in a ring buffer. */
  events: MemoryEventSink;
  /** Budget spend; reservations on it are atomic (see `BudgetStore`). */
  budgets: BudgetStore;
  /** Flushes queued writes and closes connections; called on shutdown. */
  close(): Promise<void>;
}

/** The embedded default: in-memory, nothing to configure, nothing to close. */
export function createEmbeddedStores(options: { eventCapacity?: number } = {}): ServerStores {
  return {
    events: createMemoryEventSink(options.eventCapacity),
    budgets: new MemoryBudgetStore(),
    close: async () => {},
  };
}
