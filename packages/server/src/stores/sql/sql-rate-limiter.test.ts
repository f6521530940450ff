import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlStores, type SqlStores } from './open-sql-stores';
import { targets, useTestDatabase } from './sql-test-targets';

/** A window long enough that no test run crosses its end (windows start at multiples of it). */
const LONG = 1_000_000_000;

for (const target of targets) {
  describe.skipIf(target.skip)(`SQL rate limiter on ${target.name}`, () => {
    const state = useTestDatabase(target);
    let stores: SqlStores;

    beforeEach(async () => {
      stores = await openSqlStores(state.testDb.options);
    });

    afterEach(() => stores.close());

    it('counts hits in a fixed window and refuses over the limit', async () => {
      const { rates } = stores;
      const first = await rates.hit('rpm:k1', 1, 3, LONG);
      expect(first).toMatchObject({ ok: true, limit: 3, remaining: 2 });
      expect(first.resetMs).toBeGreaterThan(0);
      expect(first.resetMs).toBeLessThanOrEqual(LONG);
      await rates.hit('rpm:k1', 1, 3, LONG);
      expect(await rates.hit('rpm:k1', 1, 3, LONG)).toMatchObject({ ok: true, remaining: 0 });
      const refused = await rates.hit('rpm:k1', 1, 3, LONG);
      expect(refused).toMatchObject({ ok: false, limit: 3, remaining: 0 });
      expect(refused.resetMs).toBeGreaterThan(0);
      // Other keys count apart; an amount over the limit never counts.
      expect(await rates.hit('rpm:k2', 5, 3, LONG)).toMatchObject({ ok: false, remaining: 3 });
      expect(await rates.hit('rpm:k2', 2.5, 3, LONG)).toMatchObject({ ok: true, remaining: 0 });
    });

    it('starts a new window when the old one ends', async () => {
      const { rates } = stores;
      const windowMs = 400;
      // Start right after a window boundary so both hits share the first window.
      await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 5));
      expect((await rates.hit('w', 1, 1, windowMs)).ok).toBe(true);
      expect((await rates.hit('w', 1, 1, windowMs)).ok).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      expect(await rates.hit('w', 1, 1, windowMs)).toMatchObject({ ok: true, remaining: 0 });
    });

    it('adds regardless of the limit (tokens counted after a call)', async () => {
      const { rates } = stores;
      await rates.add('tpm:k', 900, LONG);
      expect(await rates.hit('tpm:k', 50, 1000, LONG)).toMatchObject({ ok: true, remaining: 50 });
      await rates.add('tpm:k', 500, LONG);
      expect(await rates.hit('tpm:k', 1, 1000, LONG)).toMatchObject({ ok: false, remaining: 0 });
      await expect(rates.hit('tpm:k', -1, 1000, LONG)).rejects.toThrow(RangeError);
    });

    it('lets exactly 30 of 100 concurrent hits through, across two instances', async () => {
      // A second instance on the same database (for SQLite: a second connection to the file).
      const other = await openSqlStores(state.testDb.options);
      try {
        const results = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            (i % 2 ? other : stores).rates.hit('rpm:shared', 1, 30, LONG),
          ),
        );
        expect(results.filter((result) => result.ok)).toHaveLength(30);
        expect(await stores.rates.hit('rpm:shared', 1, 30, LONG)).toMatchObject({
          ok: false,
          remaining: 0,
        });
      } finally {
        await other.close();
      }
    });
  });
}
