import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import Database from 'libsql';
import { migrateToLatest } from './sql-migrations';
import type { StoreTables } from './sql-tables';

/** Which SQL database the stores run on. */
export type SqlDialectName = 'sqlite' | 'postgres';

/** An open, migrated database. */
export interface SqlDatabase {
  db: Kysely<StoreTables>;
  dialect: SqlDialectName;
}

/** Where the stores keep their data. */
export interface SqlDatabaseOptions {
  /** `postgres://…` (or `postgresql://…`): use PostgreSQL. Unset: the embedded SQLite file. */
  url?: string | undefined;
  /**
   * Directory of the embedded database `stereos.db`, created when missing. Default:
   * `STEREOS_DATA_DIR`, else `.stereos` in the working directory. Ignored with `url`.
   */
  dataDir?: string | undefined;
}

/** The file name of the embedded database inside the data directory. */
export const SQLITE_FILE_NAME = 'stereos.db';

/** Opens (and creates) the database, then applies the migrations. */
export async function openSqlDatabase(options: SqlDatabaseOptions = {}): Promise<SqlDatabase> {
  const opened = options.url ? await openPostgres(options.url) : openSqlite(options.dataDir);
  try {
    await migrateToLatest(opened.db);
  } catch (error) {
    await opened.db.destroy();
    throw error;
  }
  return opened;
}

/** The embedded data directory as resolved from an option, `STEREOS_DATA_DIR` and the default. */
export function resolveDataDir(dataDir: string | undefined): string {
  return resolve(dataDir ?? process.env.STEREOS_DATA_DIR ?? '.stereos');
}

function openSqlite(dataDir: string | undefined): SqlDatabase {
  const dir = resolveDataDir(dataDir);
  mkdirSync(dir, { recursive: true });
  // `libsql` is better-sqlite3 compatible (https://github.com/tursodatabase/libsql-js), so it
  // plugs into Kysely's own SqliteDialect, which serialises queries on its one connection.
  const database = new Database(join(dir, SQLITE_FILE_NAME));
  // WAL lets readers run beside the writer; NORMAL sync is durable in WAL mode except on
  // power loss (https://sqlite.org/wal.html, https://sqlite.org/pragma.html#pragma_synchronous).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  // Wait for another process's write lock instead of failing at once.
  database.pragma('busy_timeout = 5000');
  return {
    db: new Kysely<StoreTables>({ dialect: new SqliteDialect({ database }) }),
    dialect: 'sqlite',
  };
}

/** int8 (OID 20): counts, sums and bigint columns. */
const INT8_OID = 20;

async function openPostgres(url: string): Promise<SqlDatabase> {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  // Loaded only with DATABASE_URL: the embedded default never pays for the driver's memory.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // node-postgres returns int8 as strings (https://node-postgres.com/features/types); the
    // stores keep them below 2^53 (nano-dollars, counts), so numbers are exact. Per pool, not
    // the global `pg.types`, to leave other pg users in the process alone.
    types: {
      getTypeParser: (oid, format) =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format),
    },
  });
  // An idle client's error is emitted by the pool; without a listener it would crash the
  // process (https://node-postgres.com/apis/pool#error). The next query reconnects.
  pool.on('error', () => {});
  return {
    db: new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
  };
}
