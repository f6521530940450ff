import type { BudgetReserveRequest, BudgetReserveResult, BudgetStore } from '@stereos/core';
import { type Kysely, sql } from 'kysely';
import { createFlushTimer } from './flush-timer';
import type { StoreTables } from './sql-tables';
import { limitToNanos, nanosToUsd, usdToNanos } from './sql-usd';

/*
 * The embedded SQLite file serves one process (the data directory is locked), so that process's
 * memory can be the authority on budgets while it runs: `reserve` and `settle` touch a Map and
 * never the database. Spend is written behind, as absolute values (a retried write cannot count
 * twice), in one transaction per flush: on a timer, when enough settles piled up, and on close
 * (the CLI's shutdown closes the stores). A crash loses the spend of at most one flush interval.
 * Reservations live in memory only: they belong to calls of this process, which end with it,
 * so holds a previous process left in the file are released when it opens.
 */

/** Options of `openEmbeddedBudgetStore`. */
export interface EmbeddedBudgetStoreOptions {
  /** Longest time spend waits in memory before it is written. Default 1000 ms. */
  flushIntervalMs?: number | undefined;
  /** This many settles since the last write start one at once. Default 1000. */
  flushAfterSettles?: number | undefined;
  /** Told when a background write fails (it is retried with the next one). */
  onError?: ((error: unknown) => void) | undefined;
  /** Clock (tests inject one). */
  now?: () => number;
}

/** The budget store plus `flush` (write what changed) and `close` (flush and stop the timer). */
export interface EmbeddedBudgetStore extends BudgetStore {
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Window {
  scope: string;
  windowId: string;
  spent: number;
  reserved: number;
  /** Reservations not settled yet (a window with holds stays in memory). */
  holds: number;
  dirty: boolean;
  usedAt: number;
}

/** Clean windows without holds unused this long are dropped from memory (reloaded when used). */
const IDLE_EVICT_MS = 10 * 60_000;
/** Window rows per insert (4 parameters each, far below SQLite's 32766). */
const ROWS_PER_INSERT = 500;

export async function openEmbeddedBudgetStore(
  db: Kysely<StoreTables>,
  options: EmbeddedBudgetStoreOptions = {},
): Promise<EmbeddedBudgetStore> {
  const intervalMs = options.flushIntervalMs ?? 1000;
  const flushAfter = options.flushAfterSettles ?? 1000;
  const onError = options.onError ?? ((error) => console.error('[stereos] budget store:', error));
  const now = options.now ?? Date.now;

  // Holds of a previous process: their calls ended with it.
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('stereos_budget_reservations').execute();
    await trx
      .updateTable('stereos_budget_windows')
      .set({ reserved_nanos: 0 })
      .where('reserved_nanos', '<>', 0)
      .execute();
  });

  const windows = new Map<string, Window>();
  const loading = new Map<string, Promise<Window>>();
  const reservations = new Map<string, { window: Window; amount: number }>();
  const dirty = new Set<Window>();
  let settles = 0;
  let nextId = 0;
  let failures = 0;
  let writing: Promise<void> = Promise.resolve();

  /** The window in memory, or read once from the file (concurrent first uses share the read). */
  function windowOf(scope: string, windowId: string): Window | Promise<Window> {
    const key = `${scope}\u0000${windowId}`;
    const found = windows.get(key);
    if (found) {
      found.usedAt = now();
      return found;
    }
    let pending = loading.get(key);
    if (!pending) {
      pending = db
        .selectFrom('stereos_budget_windows')
        .select('spent_nanos')
        .where('scope', '=', scope)
        .where('window_id', '=', windowId)
        .executeTakeFirst()
        .then((row) => {
          const window: Window = {
            scope,
            windowId,
            spent: Number(row?.spent_nanos ?? 0),
            reserved: 0,
            holds: 0,
            dirty: false,
            usedAt: now(),
          };
          windows.set(key, window);
          return window;
        })
        .finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    return pending;
  }

  const writeTimer = createFlushTimer(() => flush(), onError);

  async function write(): Promise<void> {
    const batch = [...dirty];
    dirty.clear();
    settles = 0;
    for (const window of batch) window.dirty = false;
    // Values as they are now: the Map may move on while the write runs.
    const rows = batch.map((w) => ({
      scope: w.scope,
      window_id: w.windowId,
      spent_nanos: w.spent,
      reserved_nanos: 0,
    }));
    try {
      if (rows.length > 0) {
        await db.transaction().execute(async (trx) => {
          for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
            await trx
              .insertInto('stereos_budget_windows')
              .values(rows.slice(i, i + ROWS_PER_INSERT))
              .onConflict((oc) =>
                oc
                  .columns(['scope', 'window_id'])
                  .doUpdateSet({ spent_nanos: sql`excluded.spent_nanos` }),
              )
              .execute();
          }
        });
      }
      failures = 0;
    } catch (error) {
      // Written again with the next flush (absolute values), backing off up to 30 s.
      for (const window of batch) markDirty(window, false);
      failures++;
      writeTimer.soon(Math.min(30_000, intervalMs * 2 ** failures));
      throw error;
    }
    evictIdle();
  }

  function evictIdle(): void {
    const before = now() - IDLE_EVICT_MS;
    for (const [key, window] of windows) {
      if (!window.dirty && window.holds === 0 && window.usedAt < before) windows.delete(key);
    }
  }

  function markDirty(window: Window, schedule = true): void {
    if (!window.dirty) {
      window.dirty = true;
      dirty.add(window);
    }
    if (!schedule) return;
    if (++settles >= flushAfter) {
      writeTimer.cancel();
      flush().catch(onError);
    } else writeTimer.soon(intervalMs);
  }

  function flush(): Promise<void> {
    const next = writing.then(write, write);
    writing = next.catch(() => {});
    return next;
  }

  return {
    async reserve(request: BudgetReserveRequest): Promise<BudgetReserveResult> {
      const amount = usdToNanos(request.amountUsd, 'amountUsd');
      const limit = limitToNanos(request.limitUsd);
      const found = windowOf(request.scope, request.window);
      const window = found instanceof Promise ? await found : found;
      // Check and hold without an await in between: atomic on the event loop.
      const used = window.spent + window.reserved;
      if (used + amount > limit) return { ok: false, usedUsd: nanosToUsd(used) };
      window.reserved += amount;
      window.holds++;
      const reservationId = `br_${++nextId}`;
      reservations.set(reservationId, { window, amount });
      return { ok: true, reservationId };
    },

    async settle(reservationId: string, actualUsd: number): Promise<void> {
      const actual = usdToNanos(actualUsd, 'actualUsd');
      const reservation = reservations.get(reservationId);
      if (!reservation) return;
      reservations.delete(reservationId);
      const { window, amount } = reservation;
      window.reserved = Math.max(0, window.reserved - amount);
      window.holds--;
      window.spent = Math.min(Number.MAX_SAFE_INTEGER, window.spent + actual);
      window.usedAt = now();
      markDirty(window);
    },

    async usage(scope: string, windowId: string) {
      const found = windowOf(scope, windowId);
      const window = found instanceof Promise ? await found : found;
      return { spentUsd: nanosToUsd(window.spent), reservedUsd: nanosToUsd(window.reserved) };
    },

    flush,

    async close() {
      writeTimer.cancel();
      await flush();
    },
  };
}
