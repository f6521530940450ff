import { type Kysely, sql } from 'kysely';
import { wholeAmount, wholeLimit, wholeWindow } from '../rate-limit-args';
import type { RateLimiter, RateLimitResult } from '../store-contracts';
import type { StoreTables } from './sql-tables';

/*
 * One row per key holds the current fixed window: its start (ms) and count. A hit is one
 * upsert (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT,
 * https://sqlite.org/lang_upsert.html) that either starts a new window with the amount, or adds
 * the amount when it fits under the limit; a row comes back only when the amount was added.
 * A window start older than the stored one (an instance whose clock is behind) counts in the
 * stored window instead of resetting it.
 */

const table = 'stereos_rate_windows';
const stored = {
  start: sql.ref(`${table}.window_start`),
  count: sql.ref(`${table}.count`),
};
const newer = sql`excluded.window_start > ${stored.start}`;

/** A `RateLimiter` in SQL: each hit is one atomic statement, shared by every instance. */
export function createSqlRateLimiter(db: Kysely<StoreTables>): RateLimiter {
  /** Starts the window `start` with `amount`, or adds it (only within `limit` when given). */
  function upsert(key: string, amount: number, start: number, limit?: number) {
    return db
      .insertInto(table)
      .values({ key, window_start: start, count: amount })
      .onConflict((oc) => {
        const update = oc.column('key').doUpdateSet({
          window_start: sql`case when ${newer} then excluded.window_start else ${stored.start} end`,
          count: sql`case when ${newer} then excluded.count else ${stored.count} + excluded.count end`,
        });
        if (limit === undefined) return update;
        return update.where(sql<boolean>`${newer} or ${stored.count} + excluded.count <= ${limit}`);
      });
  }

  return {
    async hit(key, amount, limit, windowMs): Promise<RateLimitResult> {
      const add = wholeAmount(amount);
      const max = wholeLimit(limit);
      const ms = wholeWindow(windowMs);
      const now = Date.now();
      const start = now - (now % ms);
      const result = (ok: boolean, count: number, windowStart: number): RateLimitResult => ({
        ok,
        limit: max,
        remaining: Math.max(0, max - count),
        resetMs: Math.max(0, windowStart + ms - now),
      });

      // A new window starts with `add` unchecked, so an amount over the limit never gets there.
      if (add <= max) {
        const row = await upsert(key, add, start, max)
          .returning(['count', 'window_start'])
          .executeTakeFirst();
        if (row) return result(true, row.count, row.window_start);
      }
      // Refused: read how the window stands (the decision above was already atomic).
      const current = await db
        .selectFrom(table)
        .select(['count', 'window_start'])
        .where('key', '=', key)
        .executeTakeFirst();
      if (!current || current.window_start < start) return result(false, 0, start);
      return result(false, current.count, current.window_start);
    },

    async add(key, amount, windowMs) {
      const ms = wholeWindow(windowMs);
      const now = Date.now();
      await upsert(key, wholeAmount(amount), now - (now % ms)).execute();
    },
  };
}
