import type { BudgetStore } from '@stereos/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlStores, type SqlStores } from './open-sql-stores';
import { postgresTarget, targets, useTestDatabase } from './sql-test-targets';

const request = (amountUsd: number, limitUsd = 1) => ({
  scope: 'user:alice',
  window: 'day:2026-11-21',
  amountUsd,
  limitUsd,
});

/** 200 concurrent reserves of 0.05 USD against 1 USD, spread over the given stores. */
async function race(budgets: BudgetStore[]) {
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      (budgets[i % budgets.length] as BudgetStore).reserve(request(0.05)),
    ),
  );
  return results.filter((result) => result.ok);
}

for (const target of targets) {
  describe.skipIf(target.skip)(`SQL budget store on ${target.name}`, () => {
    const state = useTestDatabase(target);
    let stores: SqlStores;

    beforeEach(async () => {
      stores = await openSqlStores(state.testDb.options);
    });

    afterEach(() => stores.close());

    it('reserves, then settles to the real cost once', async () => {
      const { budgets } = stores;
      const held = await budgets.reserve(request(0.3));
      expect(held.ok).toBe(true);
      expect(await budgets.usage('user:alice', 'day:2026-11-21')).toEqual({
        spentUsd: 0,
        reservedUsd: 0.3,
      });
      if (!held.ok) return;
      await budgets.settle(held.reservationId, 0.1);
      await budgets.settle(held.reservationId, 0.1);
      expect(await budgets.usage('user:alice', 'day:2026-11-21')).toEqual({
        spentUsd: 0.1,
        reservedUsd: 0,
      });
      await budgets.settle('br_unknown', 5);
      expect(await budgets.usage('user:alice', 'day:2026-11-21')).toEqual({
        spentUsd: 0.1,
        reservedUsd: 0,
      });
      expect(await budgets.usage('user:bob', 'day:2026-11-21')).toEqual({
        spentUsd: 0,
        reservedUsd: 0,
      });
    });

    it('refuses what does not fit and says how much is used', async () => {
      const { budgets } = stores;
      expect(await budgets.reserve(request(2))).toEqual({ ok: false, usedUsd: 0 });
      expect((await budgets.reserve(request(0.7))).ok).toBe(true);
      expect(await budgets.reserve(request(0.4))).toEqual({ ok: false, usedUsd: 0.7 });
      expect((await budgets.reserve(request(0.3))).ok).toBe(true);
      // Sums are exact: ten times 0.1 fits a limit of 1 (as floats, 0.1 * 10 drifts).
      const tenths = await Promise.all(
        Array.from({ length: 11 }, () => budgets.reserve({ ...request(0.1), scope: 'tenths' })),
      );
      expect(tenths.filter((r) => r.ok)).toHaveLength(10);
      await expect(budgets.reserve(request(-1))).rejects.toThrow(RangeError);
    });

    it('is atomic: 200 concurrent reserves against a limit that affords 20', async () => {
      const granted = await race([stores.budgets]);
      expect(granted).toHaveLength(20);
      const usage = await stores.budgets.usage('user:alice', 'day:2026-11-21');
      expect(usage.spentUsd + usage.reservedUsd).toBeLessThanOrEqual(1);
      expect(usage.reservedUsd).toBe(1);
    });
  });
}

describe.skipIf(postgresTarget.skip)('SQL budget store, two instances on one Postgres', () => {
  it('never lets two instances overspend together', async () => {
    const testDb = await postgresTarget.create();
    // Two pools, as two server instances would have.
    const [a, b] = await Promise.all([
      openSqlStores(testDb.options),
      openSqlStores(testDb.options),
    ]);
    try {
      const granted = await race([a.budgets, b.budgets]);
      expect(granted).toHaveLength(20);
      const usage = await a.budgets.usage('user:alice', 'day:2026-11-21');
      expect(usage).toEqual({ spentUsd: 0, reservedUsd: 1 });

      // Settling from either instance, twice over, counts each cost once.
      await Promise.all(
        granted.flatMap((r) =>
          r.ok
            ? [a.budgets.settle(r.reservationId, 0.01), b.budgets.settle(r.reservationId, 0.01)]
            : [],
        ),
      );
      expect(await b.budgets.usage('user:alice', 'day:2026-11-21')).toEqual({
        spentUsd: 0.2,
        reservedUsd: 0,
      });
    } finally {
      await Promise.all([a.close(), b.close()]);
      await testDb.drop();
    }
  });
});
