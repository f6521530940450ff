import type { BudgetStore } from '@stereos/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetKeys, windowTag } from './redis-budget-keys';
import { createRedisBudgetStore } from './redis-budget-store';
import {
  connectRedis,
  deleteKeys,
  keysUnder,
  redisUrl,
  sleep,
  testPrefix,
} from './redis-test-support';

describe.skipIf(!redisUrl)('createRedisBudgetStore (real Redis)', () => {
  const prefix = testPrefix('budget');
  let first: Redis;
  let second: Redis;
  /** Two instances of the server: each its own connection, the same Redis and prefix. */
  let a: BudgetStore;
  let b: BudgetStore;

  beforeAll(() => {
    first = connectRedis();
    second = connectRedis();
    a = createRedisBudgetStore(first, { prefix });
    b = createRedisBudgetStore(second, { prefix });
  });

  afterAll(async () => {
    await deleteKeys(first, prefix);
    await Promise.all([first.quit(), second.quit()]);
  });

  it('lets exactly as many of 200 concurrent reserves from two instances through as the limit affords', async () => {
    const request = { scope: 'global', window: 'day:2026-11-21', amountUsd: 0.05, limitUsd: 1 };
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).reserve(request)),
    );
    const held = results.filter((r) => r.ok);
    expect(held).toHaveLength(20);
    expect(new Set(held.map((r) => r.ok && r.reservationId)).size).toBe(20);
    for (const r of results) if (!r.ok) expect(r.usedUsd).toBeLessThanOrEqual(1);

    const usage = await a.usage('global', 'day:2026-11-21');
    expect(usage).toEqual({ spentUsd: 0, reservedUsd: 1 });
    expect(usage.spentUsd + usage.reservedUsd).toBeLessThanOrEqual(1);
    expect(await b.reserve(request)).toEqual({ ok: false, usedUsd: 1 });

    // Settling (on either instance) replaces each hold by its real cost and frees the rest.
    await Promise.all(
      held.map((r, i) => (i % 2 === 0 ? b : a).settle(r.ok ? r.reservationId : '', 0.03)),
    );
    expect(await a.usage('global', 'day:2026-11-21')).toEqual({ spentUsd: 0.6, reservedUsd: 0 });
    const again = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).reserve(request)),
    );
    expect(again.filter((r) => r.ok)).toHaveLength(8);
    const after = await b.usage('global', 'day:2026-11-21');
    expect(after.spentUsd + after.reservedUsd).toBeLessThanOrEqual(1);
  });

  it('settles once per reservation; 0 releases it; unknown ids change nothing', async () => {
    const request = { scope: 'user:alice', window: 'day:2026-11-21', amountUsd: 0.5, limitUsd: 1 };
    const one = await a.reserve(request);
    const two = await a.reserve(request);
    if (!one.ok || !two.ok) throw new Error('expected both to be held');
    expect(await a.reserve(request)).toEqual({ ok: false, usedUsd: 1 });

    await a.settle(one.reservationId, 0.2);
    await b.settle(one.reservationId, 0.2);
    await a.settle(one.reservationId, 0.9);
    await b.settle(two.reservationId, 0);
    await b.settle(two.reservationId, 0.7);
    expect(await a.usage('user:alice', 'day:2026-11-21')).toEqual({
      spentUsd: 0.2,
      reservedUsd: 0,
    });

    await a.settle('not-a-reservation', 5);
    await a.settle(`${windowTag('user:alice', 'day:2026-11-21')}/${crypto.randomUUID()}`, 5);
    expect(await a.usage('user:alice', 'day:2026-11-21')).toEqual({
      spentUsd: 0.2,
      reservedUsd: 0,
    });
  });

  it('keeps exact sums in integer nano-dollars (no float drift)', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await a.reserve({ scope: 'drift', window: 'total', amountUsd: 0.1, limitUsd: 1 });
      if (!r.ok) throw new Error('expected a hold');
      await b.settle(r.reservationId, 0.1);
    }
    expect(await a.usage('drift', 'total')).toEqual({ spentUsd: 1, reservedUsd: 0 });
    expect(
      await a.reserve({ scope: 'drift', window: 'total', amountUsd: 1e-9, limitUsd: 1 }),
    ).toEqual({ ok: false, usedUsd: 1 });
  });

  it('never holds more than the limit under a random concurrent mix of reserves and settles', async () => {
    const limitUsd = 2;
    let expectedSpentNanos = 0;
    let peak = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const u = await a.usage('mix', 'week:2026-11-16');
        peak = Math.max(peak, u.spentUsd + u.reservedUsd);
        await sleep(1);
      }
    })();
    await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const store = i % 2 === 0 ? a : b;
        const amountUsd = Math.round((0.001 + Math.random() * 0.2) * 1e6) / 1e6;
        const r = await store.reserve({
          scope: 'mix',
          window: 'week:2026-11-16',
          amountUsd,
          limitUsd,
        });
        if (!r.ok) return;
        await sleep(Math.random() * 5);
        const actual = Math.round(amountUsd * Math.random() * 1e6) / 1e6;
        expectedSpentNanos += Math.round(actual * 1e9);
        await (i % 3 === 0 ? a : b).settle(r.reservationId, actual);
      }),
    );
    polling = false;
    await poll;
    const usage = await a.usage('mix', 'week:2026-11-16');
    expect(usage.reservedUsd).toBe(0);
    expect(Math.round(usage.spentUsd * 1e9)).toBe(expectedSpentNanos);
    expect(usage.spentUsd).toBeLessThanOrEqual(limitUsd);
    expect(peak).toBeLessThanOrEqual(limitUsd);
  });

  it('keeps scopes and windows apart, even when their names contain separators', async () => {
    await a.reserve({ scope: 'a:b', window: 'c', amountUsd: 1, limitUsd: 1 });
    const other = await a.reserve({ scope: 'a', window: 'b:c', amountUsd: 1, limitUsd: 1 });
    expect(other.ok).toBe(true);
    expect(await a.usage('a:b', 'c')).toEqual({ spentUsd: 0, reservedUsd: 1 });
    expect(await a.usage('{x}/y', 'total')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });

  it('expires day/week/month windows twice their period after the last reserve; never total', async () => {
    await a.reserve({ scope: 'ttl', window: 'day:2026-11-21', amountUsd: 0.1, limitUsd: 1 });
    await a.reserve({ scope: 'ttl', window: 'month:2026-11', amountUsd: 0.1, limitUsd: 1 });
    await a.reserve({ scope: 'ttl', window: 'total', amountUsd: 0.1, limitUsd: 1 });
    const day = budgetKeys(prefix, windowTag('ttl', 'day:2026-11-21'));
    const month = budgetKeys(prefix, windowTag('ttl', 'month:2026-11'));
    const total = budgetKeys(prefix, windowTag('ttl', 'total'));
    for (const key of [day.window, day.leases]) {
      expect(await first.ttl(key)).toBeGreaterThan(2 * 86_400 - 5);
      expect(await first.ttl(key)).toBeLessThanOrEqual(2 * 86_400);
    }
    expect(await first.ttl(month.window)).toBeGreaterThan(62 * 86_400 - 5);
    expect(await first.ttl(total.window)).toBe(-1);
    expect(await keysUnder(first, `${prefix}budget:{ttl`)).toHaveLength(6);
  });

  it('gives back what an instance that died left held once the lease ends; a late settle still counts', async () => {
    const short = createRedisBudgetStore(second, { prefix, leaseMs: 50 });
    const request = { scope: 'lease', window: 'day:2026-11-21', amountUsd: 1, limitUsd: 1 };
    const lost = await short.reserve(request);
    if (!lost.ok) throw new Error('expected a hold');
    expect((await a.reserve(request)).ok).toBe(false);
    await sleep(80);
    expect(await a.usage('lease', 'day:2026-11-21')).toEqual({ spentUsd: 0, reservedUsd: 0 });
    const next = await a.reserve({ ...request, amountUsd: 0.5 });
    expect(next.ok).toBe(true);

    await a.settle(lost.reservationId, 0.25);
    await a.settle(lost.reservationId, 0.25);
    expect(await a.usage('lease', 'day:2026-11-21')).toEqual({ spentUsd: 0.25, reservedUsd: 0.5 });
  });

  it('rejects amounts that are not money before touching Redis', async () => {
    const base = { scope: 'bad', window: 'total', limitUsd: 1 };
    await expect(a.reserve({ ...base, amountUsd: -1 })).rejects.toThrow(RangeError);
    await expect(a.reserve({ ...base, amountUsd: Number.NaN })).rejects.toThrow(RangeError);
    await expect(a.reserve({ ...base, amountUsd: 1e12 })).rejects.toThrow(RangeError);
    await expect(a.reserve({ ...base, scope: '', amountUsd: 1 })).rejects.toThrow(RangeError);
    await expect(a.settle('x', -1)).rejects.toThrow(RangeError);
    // An unlimited budget is capped at what a window can count, not refused.
    expect((await a.reserve({ ...base, amountUsd: 1, limitUsd: Infinity })).ok).toBe(true);
  });
});
