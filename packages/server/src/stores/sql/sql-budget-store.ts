import { randomUUID } from 'node:crypto';
import type { BudgetReserveRequest, BudgetReserveResult, BudgetStore } from '@stereos/core';
import { type Kysely, type QueryCreator, sql } from 'kysely';
import type { SqlDialectName } from './open-sql-database';
import type { StoreTables } from './sql-tables';
import { limitToNanos, nanosToUsd, usdToNanos } from './sql-usd';

/*
 * The check and the hold are ONE statement, an upsert whose update only happens when the
 * amount fits:
 *
 *   INSERT INTO stereos_budget_windows … VALUES (scope, window, 0, amount)
 *   ON CONFLICT (scope, window_id) DO UPDATE SET reserved_nanos = reserved_nanos + amount
 *   WHERE spent_nanos + reserved_nanos + amount <= limit RETURNING …
 *
 * Postgres guarantees an upsert an atomic insert-or-update outcome and locks the conflicting
 * row, and in Read Committed a blocked update re-checks its WHERE against the row as the
 * other transaction left it (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT,
 * https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED). So any
 * number of instances sharing the database never hold more than the limit together. SQLite has
 * one writer at a time (https://sqlite.org/lockingv3.html); UPSERT and RETURNING need SQLite
 * 3.24 and 3.35 (https://sqlite.org/lang_upsert.html, https://sqlite.org/lang_returning.html).
 *
 * The reservation row goes in with the hold, so a crash never leaves a hold nobody can
 * release: on Postgres in the same statement (the upsert is a data-modifying WITH,
 * https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING), which
 * also keeps the hot window row locked for one statement only; on SQLite, which has no
 * data-modifying WITH, in one transaction (in process, so it costs no round trips).
 */

/**
 * A `BudgetStore` in SQL: `reserve` is atomic across every instance sharing the database,
 * `settle` replaces a reservation by the real cost once (later calls do nothing).
 */
export function createSqlBudgetStore(
  db: Kysely<StoreTables>,
  dialect: SqlDialectName,
): BudgetStore {
  return {
    async reserve(request: BudgetReserveRequest): Promise<BudgetReserveResult> {
      const amount = usdToNanos(request.amountUsd, 'amountUsd');
      const limit = limitToNanos(request.limitUsd);
      const { scope, window: windowId } = request;
      // A first row holds `amount` unchecked, so an amount over the limit never gets there.
      if (amount > limit) return { ok: false, usedUsd: await usedUsd(db, scope, windowId) };

      const reservation = {
        id: `br_${randomUUID()}`,
        scope,
        window_id: windowId,
        amount_nanos: amount,
        created_at: new Date().toISOString(),
      };
      const hold = (qb: QueryCreator<StoreTables>) =>
        qb
          .insertInto('stereos_budget_windows')
          .values({ scope, window_id: windowId, spent_nanos: 0, reserved_nanos: amount })
          .onConflict((oc) =>
            oc
              .columns(['scope', 'window_id'])
              .doUpdateSet({ reserved_nanos: sql`${held.reserved} + excluded.reserved_nanos` })
              .where(sql`${held.spent} + ${held.reserved} + excluded.reserved_nanos`, '<=', limit),
          )
          .returning(['scope', 'window_id']);

      let ok: boolean;
      if (dialect === 'postgres') {
        const row = await db
          .with('held', hold)
          .insertInto('stereos_budget_reservations')
          .columns(['id', 'scope', 'window_id', 'amount_nanos', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom('held')
              .select([
                sql<string>`${reservation.id}::text`.as('id'),
                'scope',
                'window_id',
                sql<number>`${amount}::bigint`.as('amount_nanos'),
                sql<string>`${reservation.created_at}::text`.as('created_at'),
              ]),
          )
          .returning('id')
          .executeTakeFirst();
        ok = row !== undefined;
      } else {
        ok = await db.transaction().execute(async (trx) => {
          if (!(await hold(trx).executeTakeFirst())) return false;
          await trx.insertInto('stereos_budget_reservations').values(reservation).execute();
          return true;
        });
      }
      if (ok) return { ok: true, reservationId: reservation.id };
      return { ok: false, usedUsd: await usedUsd(db, scope, windowId) };
    },

    async settle(reservationId: string, actualUsd: number): Promise<void> {
      const actual = usdToNanos(actualUsd, 'actualUsd');
      // Deleting claims the reservation: of two settles, only one gets the row back.
      const claim = (qb: QueryCreator<StoreTables>) =>
        qb
          .deleteFrom('stereos_budget_reservations')
          .where('id', '=', reservationId)
          .returning(['scope', 'window_id', 'amount_nanos']);
      const release = (amountNanos: unknown) => ({
        reserved_nanos: sql<number>`case when ${held.reserved} > ${amountNanos}
          then ${held.reserved} - ${amountNanos} else 0 end`,
        spent_nanos: sql<number>`${held.spent} + ${actual}`,
      });

      if (dialect === 'postgres') {
        await db
          .with('claimed', claim)
          .updateTable('stereos_budget_windows')
          .from('claimed')
          .set(release(sql.ref('claimed.amount_nanos')))
          .whereRef('stereos_budget_windows.scope', '=', 'claimed.scope')
          .whereRef('stereos_budget_windows.window_id', '=', 'claimed.window_id')
          .execute();
        return;
      }
      await db.transaction().execute(async (trx) => {
        const claimed = await claim(trx).executeTakeFirst();
        if (!claimed) return;
        await trx
          .updateTable('stereos_budget_windows')
          .set(release(claimed.amount_nanos))
          .where('scope', '=', claimed.scope)
          .where('window_id', '=', claimed.window_id)
          .execute();
      });
    },

    async usage(scope: string, window: string) {
      const row = await windowRow(db, scope, window);
      return {
        spentUsd: nanosToUsd(row?.spent_nanos ?? 0),
        reservedUsd: nanosToUsd(row?.reserved_nanos ?? 0),
      };
    },
  };
}

/** The stored window row's columns, qualified (inside an upsert `excluded` is the new row). */
const held = {
  spent: sql.ref('stereos_budget_windows.spent_nanos'),
  reserved: sql.ref('stereos_budget_windows.reserved_nanos'),
};

function windowRow(db: Kysely<StoreTables>, scope: string, windowId: string) {
  return db
    .selectFrom('stereos_budget_windows')
    .select(['spent_nanos', 'reserved_nanos'])
    .where('scope', '=', scope)
    .where('window_id', '=', windowId)
    .executeTakeFirst();
}

async function usedUsd(db: Kysely<StoreTables>, scope: string, windowId: string): Promise<number> {
  const row = await windowRow(db, scope, windowId);
  return nanosToUsd((row?.spent_nanos ?? 0) + (row?.reserved_nanos ?? 0));
}
