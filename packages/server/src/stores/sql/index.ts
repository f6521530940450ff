export { DataDirInUseError, LOCK_FILE_NAME, lockDataDir } from './data-dir-lock';
export {
  type EmbeddedBudgetStore,
  type EmbeddedBudgetStoreOptions,
  openEmbeddedBudgetStore,
} from './embedded-budget-store';
export {
  openSqlDatabase,
  resolveDataDir,
  SQLITE_FILE_NAME,
  type SqlDatabase,
  type SqlDatabaseOptions,
  type SqlDialectName,
} from './open-sql-database';
export { openSqlStores, type SqlStores, type SqlStoresOptions } from './open-sql-stores';
export { createSqlBudgetStore } from './sql-budget-store';
export {
  createSqlEventLedger,
  MAX_PAGE_SIZE,
  type SqlEventLedger,
  type SqlEventLedgerOptions,
} from './sql-event-ledger';
export { createSqlKeyStore } from './sql-key-store';
export { createSqlRateLimiter } from './sql-rate-limiter';
export { createSqlSessionStore } from './sql-session-store';
