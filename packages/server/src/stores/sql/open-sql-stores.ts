import type { BudgetStore } from '@stereos/core';
import type { EventLedger, KeyStore, RateLimiter, SessionStore } from '../store-contracts';
import { openSqlDatabase, type SqlDatabaseOptions, type SqlDialectName } from './open-sql-database';
import { createSqlBudgetStore } from './sql-budget-store';
import { createSqlEventLedger, type SqlEventLedgerOptions } from './sql-event-ledger';
import { createSqlKeyStore } from './sql-key-store';
import { createSqlRateLimiter } from './sql-rate-limiter';
import { createSqlSessionStore } from './sql-session-store';

/** Options of `openSqlStores`. */
export interface SqlStoresOptions extends SqlDatabaseOptions {
  /** Batching of the ledger (defaults: 200 ms, 500 events). */
  ledger?: SqlEventLedgerOptions | undefined;
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
  /** Writes the queued events, then closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the SQL stores: PostgreSQL when `url` is given, else the embedded SQLite file
 * `stereos.db` in `dataDir` (default `STEREOS_DATA_DIR`, else `./.stereos`), created on first
 * start. Migrations are applied before this resolves.
 */
export async function openSqlStores(options: SqlStoresOptions = {}): Promise<SqlStores> {
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
