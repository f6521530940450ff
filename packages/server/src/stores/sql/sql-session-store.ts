import type { Kysely } from 'kysely';
import type { SessionStore } from '../store-contracts';
import type { StoreTables } from './sql-tables';

const TABLE = 'stereos_dashboard_sessions';

/**
 * Dashboard sessions in the SQL database every instance shares (PostgreSQL with `DATABASE_URL`,
 * else the embedded SQLite file). One indexed read per dashboard request; nothing on `/v1`.
 * Expired rows are deleted at each sign-in, so the table stays as small as the live sessions.
 */
export function createSqlSessionStore(db: Kysely<StoreTables>): SessionStore {
  return {
    async create(session, { now, maxSessions }) {
      await db.deleteFrom(TABLE).where('expires_at', '<=', now).execute();
      const row = await db
        .selectFrom(TABLE)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirst();
      const excess = Number(row?.count ?? 0) - maxSessions + 1;
      if (excess > 0) {
        // Oldest first; a subquery because PostgreSQL has no DELETE … LIMIT.
        await db
          .deleteFrom(TABLE)
          .where('id_hash', 'in', (eb) =>
            eb.selectFrom(TABLE).select('id_hash').orderBy('created_at').limit(excess),
          )
          .execute();
      }
      await db
        .insertInto(TABLE)
        .values({
          id_hash: session.idHash,
          data: session.data,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
        })
        .execute();
    },
    async get(idHash, now) {
      const row = await db
        .selectFrom(TABLE)
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        idHash: row.id_hash,
        data: row.data,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      };
    },
    async delete(idHash) {
      await db.deleteFrom(TABLE).where('id_hash', '=', idHash).execute();
    },
  };
}
