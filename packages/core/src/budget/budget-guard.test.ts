import { describe, expect, it } from 'vitest';
import { createPriceTable } from '../catalog/prices';
import { BudgetExceededError } from '../errors/budget-exceeded-error';
import { UnpricedModelError } from '../errors/unpriced-model-error';
import { type BudgetOptions, type BudgetSubject, createBudgetGuard } from './budget-guard';
import { windowId, windowOf } from './budget-window';
import { MemoryBudgetStore } from './memory-budget-store';

/** One input token of `openai/m` costs $1: a call of `usd` input tokens reserves `usd` dollars. */
const dollarPerToken = createPriceTable({
  'openai/m': { inputPerMTok: 1_000_000, outputPerMTok: 0 },
});
const M = { provider: 'openai', model: 'm' };

function guardOf(options: BudgetOptions) {
  const guard = createBudgetGuard(options, dollarPerToken);
  return {
    guard,
    reserve: (subject: BudgetSubject, usd: number) =>
      guard.reserveCall({ subject, targets: [M], inputTokens: usd, maxOutputTokens: 0 }),
  };
}

describe('createBudgetGuard', () => {
  it('refuses a reservation that would pass the limit, and frees it on settle', async () => {
    const { reserve } = guardOf({ limitUsd: 10 });
    const first = await reserve({}, 6);
    expect(first.amountUsd).toBe(6);
    await expect(reserve({}, 6)).rejects.toBeInstanceOf(BudgetExceededError);
    await first.settle(1);
    await expect(reserve({}, 6)).resolves.toBeDefined();
  });

  it('says what was refused: scope, limit, use, request, reset and the tokens assumed', async () => {
    const { reserve } = guardOf({ limitUsd: 10, period: 'day' });
    const now = new Date();
    await reserve({}, 7);
    const error = await reserve({}, 5).catch((e: unknown) => e);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect((error as BudgetExceededError).refusal).toEqual({
      scope: 'global',
      limitUsd: 10,
      usedUsd: 7,
      requestedUsd: 5,
      resetAt: windowOf('day', now).resetAt,
      inputTokens: 5,
      maxOutputTokens: 0,
    });
    expect(error).toMatchObject({ status: 402, code: 'budget_exceeded' });
    expect((error as Error).message).toMatch(/max_tokens/);
  });

  it('never lets 100 concurrent reservations exceed the limit', async () => {
    const store = new MemoryBudgetStore();
    const { reserve } = guardOf({ limitUsd: 10, store });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, async () => {
        const reservation = await reserve({}, 1);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        await reservation.settle(1);
      }),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const usage = await store.usage('global', windowId('month', new Date()));
    expect(usage.spentUsd).toBeLessThanOrEqual(10 + 1e-9);
    expect(usage.reservedUsd).toBe(0);
  });

  it('keeps one limit per user when scoped by user', async () => {
    const { reserve } = guardOf({ limitUsd: 10, scope: 'user' });
    await reserve({ user: 'alice' }, 10);
    await expect(reserve({ user: 'alice' }, 5)).rejects.toThrow(/user:alice/);
    await expect(reserve({ user: 'bob' }, 10)).resolves.toBeDefined();
  });

  it('keeps one limit per gateway key when scoped by key', async () => {
    const { reserve } = guardOf({ limitUsd: 10, scope: 'key' });
    await reserve({ keyId: 'k1' }, 10);
    await expect(reserve({ keyId: 'k1' }, 1)).rejects.toThrow(/key:k1/);
    await expect(reserve({ keyId: 'k2' }, 10)).resolves.toBeDefined();
    // Calls without a key share one limit.
    await reserve({}, 10);
    await expect(reserve({}, 1)).rejects.toThrow(/key:anonymous/);
  });

  it('requires a call to fit every tag and releases partial holds', async () => {
    const store = new MemoryBudgetStore();
    const { reserve } = guardOf({ limitUsd: 10, scope: 'tag', store, period: 'day' });
    await reserve({ tags: ['b'] }, 9);
    await expect(reserve({ tags: ['a', 'b'] }, 5)).rejects.toThrow(/tag:b/);
    const usage = await store.usage('tag:a', windowId('day', new Date()));
    expect(usage.reservedUsd).toBe(0);
  });

  it('settles every scope it held, once', async () => {
    const store = new MemoryBudgetStore();
    const { reserve } = guardOf({ limitUsd: 10, scope: 'tag', store, period: 'total' });
    const reservation = await reserve({ tags: ['a', 'b'] }, 4);
    await reservation.settle(3);
    await reservation.settle(3);
    for (const scope of ['tag:a', 'tag:b']) {
      expect(await store.usage(scope, 'total')).toEqual({ spentUsd: 3, reservedUsd: 0 });
    }
  });

  it('holds the dearest target’s worst case: input estimate plus max output', async () => {
    const store = new MemoryBudgetStore();
    const guard = createBudgetGuard({ limitUsd: 1, store, period: 'total' });
    const reservation = await guard.reserveCall({
      subject: {},
      targets: [
        { provider: 'openai', model: 'gpt-4o-mini' }, // $0.15 / $0.60 per M
        { provider: 'openai', model: 'gpt-4o' }, // $2.50 / $10 per M
      ],
      inputTokens: 1_000,
      maxOutputTokens: 2_000,
    });
    const expected = (1_000 * 2.5 + 2_000 * 10) / 1e6;
    expect(reservation.amountUsd).toBeCloseTo(expected, 12);
    expect((await store.usage('global', 'total')).reservedUsd).toBeCloseTo(expected, 12);
  });

  it('reserves 4096 output tokens when the call sets no maximum', async () => {
    const store = new MemoryBudgetStore();
    const guard = createBudgetGuard({ limitUsd: 1, store, period: 'total' });
    await guard.reserveCall({
      subject: {},
      targets: [{ provider: 'openai', model: 'gpt-4o-mini' }],
      inputTokens: 0,
    });
    expect((await store.usage('global', 'total')).reservedUsd).toBeCloseTo((4096 * 0.6) / 1e6, 12);
  });

  it('refuses a model without a price by default, reserving nothing', async () => {
    const store = new MemoryBudgetStore();
    const guard = createBudgetGuard({ limitUsd: 1, store, period: 'total' });
    const call = {
      subject: {},
      targets: [
        { provider: 'openai', model: 'gpt-4o-mini' },
        { provider: 'openai', model: 'no-such-model-xyz' },
      ],
      inputTokens: 10,
    };
    const error = await guard.reserveCall(call).catch((e: unknown) => e);
    expect(UnpricedModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'openai', model: 'no-such-model-xyz', status: 402 });
    expect((error as Error).message).toMatch(/unpricedModels/);
    expect(await store.usage('global', 'total')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });

  it("lets a model without a price through at no reserved cost with unpricedModels: 'allow'", async () => {
    const store = new MemoryBudgetStore();
    const guard = createBudgetGuard({
      limitUsd: 1,
      store,
      period: 'total',
      unpricedModels: 'allow',
    });
    const reservation = await guard.reserveCall({
      subject: {},
      targets: [{ provider: 'openai', model: 'no-such-model-xyz' }],
      inputTokens: 10,
    });
    expect(reservation.amountUsd).toBe(0);
  });
});

describe('budget windows', () => {
  it('names windows by UTC period and says when each resets', () => {
    const now = new Date('2026-11-21T10:00:00Z'); // a Saturday
    expect(windowId('day', now)).toBe('day:2026-11-21');
    expect(windowId('week', now)).toBe('week:2026-11-16');
    expect(windowId('month', now)).toBe('month:2026-11');
    expect(windowId('total', now)).toBe('total');
    expect(windowOf('day', now).resetAt).toBe('2026-11-22T00:00:00Z');
    expect(windowOf('week', now).resetAt).toBe('2026-11-23T00:00:00Z');
    expect(windowOf('month', now).resetAt).toBe('2026-12-01T00:00:00Z');
    expect(windowOf('total', now).resetAt).toBeUndefined();
  });

  it('rolls over months, years and Sundays', () => {
    expect(windowOf('month', new Date('2026-12-31T23:59:59Z'))).toEqual({
      id: 'month:2026-12',
      resetAt: '2027-01-01T00:00:00Z',
    });
    expect(windowOf('week', new Date('2026-11-22T23:00:00Z'))).toEqual({
      id: 'week:2026-11-16',
      resetAt: '2026-11-23T00:00:00Z',
    });
    expect(windowId('week', new Date('2026-11-23T00:00:00Z'))).toBe('week:2026-11-23');
  });
});

describe('MemoryBudgetStore', () => {
  const request = { scope: 'global', window: 'total', limitUsd: 1 };

  it('reserves atomically up to the limit and reports what was used when it refuses', async () => {
    const store = new MemoryBudgetStore();
    const results = await Promise.all(
      Array.from({ length: 25 }, () => store.reserve({ ...request, amountUsd: 0.1 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, usedUsd: 1 });
    expect(await store.usage('global', 'total')).toEqual({ spentUsd: 0, reservedUsd: 1 });
  });

  it('replaces a reservation by the real cost on settle, once', async () => {
    const store = new MemoryBudgetStore();
    const held = await store.reserve({ ...request, amountUsd: 0.5 });
    if (!held.ok) throw new Error('refused');
    await store.settle(held.reservationId, 0.2);
    await store.settle(held.reservationId, 0.2);
    await store.settle('unknown', 5);
    expect(await store.usage('global', 'total')).toEqual({ spentUsd: 0.2, reservedUsd: 0 });
    expect(await store.reserve({ ...request, amountUsd: 0.8 })).toMatchObject({ ok: true });
    expect(await store.reserve({ ...request, amountUsd: 0.01 })).toEqual({
      ok: false,
      usedUsd: 1,
    });
  });

  it('keeps scopes and windows apart', async () => {
    const store = new MemoryBudgetStore();
    await store.reserve({ ...request, amountUsd: 1 });
    expect(await store.reserve({ ...request, scope: 'user:a', amountUsd: 1 })).toMatchObject({
      ok: true,
    });
    expect(
      await store.reserve({ ...request, window: 'day:2026-11-21', amountUsd: 1 }),
    ).toMatchObject({ ok: true });
    expect(await store.usage('user:b', 'total')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });
});
