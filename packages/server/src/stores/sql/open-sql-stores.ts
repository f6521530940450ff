import { mkdirSync } from 'node:fs';
import type { BudgetStore } from '@stereos/core';
import { createMemoryRateLimiter } from '../memory/memory-rate-limiter';
import type { EventLedger, KeyStore, RateLimiter, SessionStore } from '../store-contracts';
import { lockDataDir } from './data-dir-lock';
import { type EmbeddedBudgetStoreOptions, openEmbeddedBudgetStore } from './embedded-budget-store';
import {
  openSqlDatabase,
  resolveDataDir,
  type SqlDatabaseOptions,
  type SqlDialectName,
} from './open-sql-database';
import { createSqlBudgetStore } from './sql-budget-store';
import { createSqlEventLedger, type SqlEventLedgerOptions } from './sql-event-ledger';
import { createSqlKeyStore } from './sql-key-store';
import { createSqlRateLimiter } from './sql-rate-limiter';
import { createSqlSessionStore } from './sql-session-store';

/** Options of `openSqlStores`. */
export interface SqlStoresOptions extends SqlDatabaseOptions {
  /** Batching of the ledger (defaults: 200 ms, 500 events). */
  ledger?: SqlEventLedgerOptions | undefined;
  /** Write-behind of the embedded budget store (defaults: 1 s, 1000 settles). SQLite only. */
  budgets?: EmbeddedBudgetStoreOptions | undefined;
}

/** The stores one SQL database backs. */
export interface SqlStores {
  keys: KeyStore;
  ledger: EventLedger;
  budgets: BudgetStore;
  rates: RateLimiter;
  /** Dashboard sessions, shared by every instance on this database. */
  sessions: SessionStore;
  /** `sqlite` (embedded file) or `postgres`. */
  dialect: SqlDialectName;
  /** Writes the queued events (and, embedded, the spend), then closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the SQL stores: PostgreSQL when `url` is given, else the embedded SQLite file
 * `stereos.db` in `dataDir` (default `STEREOS_DATA_DIR`, else `./.stereos`), created on first
 * start. Migrations are applied before this resolves.
 *
 * PostgreSQL is shared by many instances, so every budget reservation and rate hit is one
 * atomic statement there. The embedded file serves one process (a second process is refused),
 * so its budgets and rate counters run in memory and spend is written behind in batches: the
 * hot path makes no SQLite statement. Opening the same directory again in one process shares
 * the first opening (one memory, one count); it closes with the last `close()`.
 */
export async function openSqlStores(options: SqlStoresOptions = {}): Promise<SqlStores> {
  if (options.url) return openPostgresStores(options);
  const dir = resolveDataDir(options.dataDir);
  let entry = embedded.get(dir);
  if (!entry) {
    // A closing of the same directory finishes (and unlocks) before it opens again.
    const previous = closingDirs.get(dir) ?? Promise.resolve();
    const opened = previous.then(() => openEmbeddedStores(dir, options));
    entry = { refs: 0, opened };
    embedded.set(dir, entry);
    const failed = entry;
    opened.catch(() => {
      if (embedded.get(dir) === failed) embedded.delete(dir);
    });
  }
  const shared = entry;
  shared.refs++;
  const stores = await shared.opened;
  let closing: Promise<void> | undefined;
  return {
    ...stores,
    close() {
      closing ??= (() => {
        if (--shared.refs > 0) return Promise.resolve();
        embedded.delete(dir);
        const closed = stores.close();
        const settled = closed.catch(() => {});
        closingDirs.set(dir, settled);
        void settled.then(() => {
          if (closingDirs.get(dir) === settled) closingDirs.delete(dir);
        });
        return closed;
      })();
      return closing;
    },
  };
}

/** Embedded data directories open in this process, by absolute path. */
const embedded = new Map<string, { refs: number; opened: Promise<SqlStores> }>();
const closingDirs = new Map<string, Promise<void>>();

async function openPostgresStores(options: SqlStoresOptions): Promise<SqlStores> {
  const { db, dialect } = await openSqlDatabase(options);
  const ledger = createSqlEventLedger(db, options.ledger);
  let closing: Promise<void> | undefined;
  return {
    keys: createSqlKeyStore(db),
    ledger,
    budgets: createSqlBudgetStore(db, dialect),
    rates: createSqlRateLimiter(db),
    sessions: createSqlSessionStore(db),
    dialect,
    close() {
      closing ??= ledger.close().finally(() => db.destroy());
      return closing;
    },
  };
}

async function openEmbeddedStores(dir: string, options: SqlStoresOptions): Promise<SqlStores> {
  mkdirSync(dir, { recursive: true });
  const lock = lockDataDir(dir);
  try {
    const { db, dialect } = await openSqlDatabase({ dataDir: dir });
    let budgets: Awaited<ReturnType<typeof openEmbeddedBudgetStore>>;
    try {
      budgets = await openEmbeddedBudgetStore(db, options.budgets);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    const ledger = createSqlEventLedger(db, options.ledger);
    return {
      keys: createSqlKeyStore(db),
      ledger,
      budgets,
      // Minute windows in memory only: a restart resets at most the current window of each
      // key, which is what a limit of requests or tokens per minute allows anyway.
      rates: createMemoryRateLimiter(),
      sessions: createSqlSessionStore(db),
      dialect,
      async close() {
        const written = await Promise.allSettled([ledger.close(), budgets.close()]);
        await db.destroy();
        lock.release();
        for (const result of written) if (result.status === 'rejected') throw result.reason;
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
