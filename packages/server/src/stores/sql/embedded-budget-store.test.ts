import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEmbeddedBudgetStore } from './embedded-budget-store';
import { openSqlDatabase, type SqlDatabase } from './open-sql-database';
import { sqliteTarget, type TestDatabase } from './sql-test-targets';

const window = { scope: 'key:vk_1', window: 'day:2026-11-21' };
const request = (amountUsd: number, limitUsd = 1) => ({ ...window, amountUsd, limitUsd });

let testDb: TestDatabase;
let database: SqlDatabase;
beforeEach(async () => {
  testDb = await sqliteTarget.create();
  database = await openSqlDatabase(testDb.options);
});
afterEach(async () => {
  vi.useRealTimers();
  await database.db.destroy();
  await testDb.drop();
});

/** The spend as the file holds it (nano-dollars), `undefined` without a row. */
async function storedSpend(): Promise<number | undefined> {
  const row = await database.db
    .selectFrom('stereos_budget_windows')
    .select(['spent_nanos', 'reserved_nanos'])
    .where('scope', '=', window.scope)
    .where('window_id', '=', window.window)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.spent_nanos);
}

describe('the embedded budget store', () => {
  it('counts in memory and writes the spend behind, on its timer', async () => {
    const budgets = await openEmbeddedBudgetStore(database.db, { flushIntervalMs: 30 });
    const held = await budgets.reserve(request(0.4));
    if (!held.ok) throw new Error('refused');
    expect(await budgets.reserve(request(0.7))).toEqual({ ok: false, usedUsd: 0.4 });
    await budgets.settle(held.reservationId, 0.25);
    await budgets.settle(held.reservationId, 0.25);
    expect(await budgets.usage(window.scope, window.window)).toEqual({
      spentUsd: 0.25,
      reservedUsd: 0,
    });
    // Not written yet: the call path made no statement.
    expect(await storedSpend()).toBeUndefined();
    await vi.waitFor(async () => expect(await storedSpend()).toBe(250_000_000));
    await budgets.close();
  });

  it('writes at once when enough settles piled up, and everything on close', async () => {
    const budgets = await openEmbeddedBudgetStore(database.db, {
      flushIntervalMs: 60_000,
      flushAfterSettles: 3,
    });
    for (let i = 0; i < 3; i++) {
      const held = await budgets.reserve(request(0.1));
      if (held.ok) await budgets.settle(held.reservationId, 0.1);
    }
    await vi.waitFor(async () => expect(await storedSpend()).toBe(300_000_000));
    const held = await budgets.reserve(request(0.1));
    if (held.ok) await budgets.settle(held.reservationId, 0.05);
    expect(await storedSpend()).toBe(300_000_000);
    await budgets.close();
    expect(await storedSpend()).toBe(350_000_000);
  });

  it('starts from the spend in the file and releases holds a previous process left', async () => {
    await database.db
      .insertInto('stereos_budget_windows')
      .values({
        scope: window.scope,
        window_id: window.window,
        spent_nanos: 6e8,
        reserved_nanos: 3e8,
      })
      .execute();
    await database.db
      .insertInto('stereos_budget_reservations')
      .values({
        id: 'br_old',
        scope: window.scope,
        window_id: window.window,
        amount_nanos: 3e8,
        created_at: new Date().toISOString(),
      })
      .execute();
    const budgets = await openEmbeddedBudgetStore(database.db);
    expect(await budgets.usage(window.scope, window.window)).toEqual({
      spentUsd: 0.6,
      reservedUsd: 0,
    });
    // 0.6 spent: 0.5 more does not fit under 1, 0.4 does.
    expect(await budgets.reserve(request(0.5))).toEqual({ ok: false, usedUsd: 0.6 });
    expect((await budgets.reserve(request(0.4))).ok).toBe(true);
    expect(
      await database.db.selectFrom('stereos_budget_reservations').selectAll().execute(),
    ).toEqual([]);
    await budgets.close();
  });

  it('never overspends under 200 concurrent reserves, first use of the window included', async () => {
    const budgets = await openEmbeddedBudgetStore(database.db);
    const results = await Promise.all(
      Array.from({ length: 200 }, () => budgets.reserve(request(0.05))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(20);
    await budgets.close();
  });

  it('keeps the spend when a write fails and writes it with the next flush', async () => {
    const errors: unknown[] = [];
    const budgets = await openEmbeddedBudgetStore(database.db, {
      flushIntervalMs: 60_000,
      onError: (error) => errors.push(error),
    });
    const held = await budgets.reserve(request(0.2));
    if (held.ok) await budgets.settle(held.reservationId, 0.2);
    await database.db.schema.alterTable('stereos_budget_windows').renameTo('moved').execute();
    await expect(budgets.flush()).rejects.toThrow();
    await database.db.schema.alterTable('moved').renameTo('stereos_budget_windows').execute();
    await budgets.close();
    expect(await storedSpend()).toBe(200_000_000);
  });

  it('refuses bad amounts before it holds anything', async () => {
    const budgets = await openEmbeddedBudgetStore(database.db);
    await expect(budgets.reserve(request(-1))).rejects.toThrow(RangeError);
    const held = await budgets.reserve(request(0.1));
    if (!held.ok) throw new Error('refused');
    await expect(budgets.settle(held.reservationId, Number.NaN)).rejects.toThrow(RangeError);
    // The reservation is still there to settle properly.
    await budgets.settle(held.reservationId, 0.1);
    expect(await budgets.usage(window.scope, window.window)).toEqual({
      spentUsd: 0.1,
      reservedUsd: 0,
    });
    await budgets.close();
  });
});
