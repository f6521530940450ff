import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openSqlDatabase, type SqlDatabase, type SqlDatabaseOptions } from './open-sql-database';
import type { StoreTables } from './sql-tables';

/*
 * Test helper (not exported by the package): the databases every SQL store test runs on.
 * SQLite always, in a fresh temp directory; Postgres when DATABASE_URL is set, in a fresh
 * database created for the tests and dropped after them, so parallel runs never collide.
 */

/** A fresh, empty database for one test. */
export interface TestDatabase {
  options: SqlDatabaseOptions;
  /** Deletes it (close every store on it first). */
  drop(): Promise<void>;
}

export interface TestTarget {
  name: 'sqlite' | 'postgres';
  /** True when the target cannot run here (Postgres without DATABASE_URL). */
  skip: boolean;
  create(): Promise<TestDatabase>;
}

const DATABASE_URL = process.env.DATABASE_URL;

export const sqliteTarget: TestTarget = {
  name: 'sqlite',
  skip: false,
  async create() {
    const dataDir = await mkdtemp(join(tmpdir(), 'stereos-sql-'));
    return { options: { dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  },
};

export const postgresTarget: TestTarget = {
  name: 'postgres',
  skip: !DATABASE_URL,
  async create() {
    const name = `stereos_test_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${name}`);
    const url = new URL(DATABASE_URL as string);
    url.pathname = `/${name}`;
    return {
      options: { url: url.toString() },
      // FORCE ends connections a failed test left open (Postgres 13+).
      drop: () => admin(`drop database if exists ${name} with (force)`),
    };
  },
};

export const targets: TestTarget[] = [sqliteTarget, postgresTarget];

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const tables: (keyof StoreTables)[] = [
  'stereos_keys',
  'stereos_events',
  'stereos_event_tags',
  'stereos_budget_windows',
  'stereos_budget_reservations',
  'stereos_rate_windows',
  'stereos_dashboard_sessions',
];

/**
 * One migrated database for a describe block, emptied before each of its tests (creating a
 * Postgres database per test costs ~0.5 s). Read the fields inside tests and hooks.
 */
export function useTestDatabase(target: TestTarget): {
  testDb: TestDatabase;
  database: SqlDatabase;
} {
  const state = {} as { testDb: TestDatabase; database: SqlDatabase };
  beforeAll(async () => {
    state.testDb = await target.create();
    state.database = await openSqlDatabase(state.testDb.options);
  });
  beforeEach(async () => {
    for (const table of tables) await state.database.db.deleteFrom(table).execute();
  });
  afterAll(async () => {
    await state.database?.db.destroy();
    await state.testDb?.drop();
  });
  return state;
}
