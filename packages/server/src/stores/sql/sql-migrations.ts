import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';

/*
 * Migrations defined in code (https://kysely.dev/docs/migrations): no migration files to ship
 * or find at run time. Types are the ones SQLite and PostgreSQL share, so one list serves both.
 * Never edit a migration once released; add the next one.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('stereos_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('preview', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('settings', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('stereos_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text')
        .addColumn('user_id', 'text')
        .addColumn('provider', 'text')
        .addColumn('model', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('input_tokens', 'integer', (c) => c.notNull())
        .addColumn('output_tokens', 'integer', (c) => c.notNull())
        .addColumn('cost_usd', 'double precision')
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('stereos_events_ts')
        .on('stereos_events')
        .columns(['ts', 'id'])
        .execute();
      await db.schema
        .createIndex('stereos_events_key_ts')
        .on('stereos_events')
        .columns(['key_id', 'ts', 'id'])
        .execute();

      await db.schema
        .createTable('stereos_event_tags')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('tag', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('stereos_event_tags_pk', ['event_id', 'tag'])
        .execute();
      await db.schema
        .createIndex('stereos_event_tags_tag')
        .on('stereos_event_tags')
        .column('tag')
        .execute();

      await db.schema
        .createTable('stereos_budget_windows')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('window_id', 'text', (c) => c.notNull())
        .addColumn('spent_nanos', 'bigint', (c) => c.notNull())
        .addColumn('reserved_nanos', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('stereos_budget_windows_pk', ['scope', 'window_id'])
        .execute();

      await db.schema
        .createTable('stereos_budget_reservations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('window_id', 'text', (c) => c.notNull())
        .addColumn('amount_nanos', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('stereos_rate_windows')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  // Dashboard sessions shared by every instance (docs/dashboard.md, "Sessions and security").
  '0002_dashboard_sessions': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('stereos_dashboard_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('stereos_dashboard_sessions_expires')
        .on('stereos_dashboard_sessions')
        .column('expires_at')
        .execute();
    },
  },
};

/**
 * Brings the database to the latest migration. Safe to run from several instances at once:
 * Kysely's migrator takes a lock first (a Postgres advisory lock; SQLite has one writer).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'stereos_migrations',
    migrationLockTableName: 'stereos_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const which = failed ? ` ${failed}` : '';
    throw new Error(`Stereos database migration${which} failed`, { cause: error });
  }
}
