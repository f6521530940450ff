import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../errors/budget-exceeded-error';
import { MemoryBudgetStore } from '../stores/memory-budget-store';
import { createBudgetGuard, reserveCallBudget, windowId } from './budget-guard';

describe('createBudgetGuard', () => {
  it('refuses a reservation that would pass the limit', async () => {
    const guard = createBudgetGuard({ limitUsd: 1 });
    const first = await guard.reserve({}, 0.6);
    await expect(guard.reserve({}, 0.6)).rejects.toBeInstanceOf(BudgetExceededError);
    await first.settle(0.1);
    await expect(guard.reserve({}, 0.6)).resolves.toBeDefined();
  });

  it('never lets 100 concurrent reservations exceed the limit', async () => {
    const store = new MemoryBudgetStore();
    const guard = createBudgetGuard({ limitUsd: 1, store });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, async () => {
        const reservation = await guard.reserve({}, 0.1);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        await reservation.settle(0.1);
      }),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const usage = await store.usage('global', windowId('month', new Date()));
    expect(usage.spentUsd).toBeLessThanOrEqual(1 + 1e-9);
    expect(usage.reservedUsd).toBe(0);
  });

  it('keeps one limit per user when scoped by user', async () => {
    const guard = createBudgetGuard({ limitUsd: 1, scope: 'user' });
    await guard.reserve({ user: 'alice' }, 1);
    await expect(guard.reserve({ user: 'alice' }, 0.5)).rejects.toThrow(/user:alice/);
    await expect(guard.reserve({ user: 'bob' }, 1)).resolves.toBeDefined();
  });

  it('requires a call to fit every tag and releases partial holds', async () => {
    const store = new MemoryBudgetStore();
    const guard = createBudgetGuard({ limitUsd: 1, scope: 'tag', store, period: 'day' });
    await guard.reserve({ tags: ['b'] }, 0.9);
    await expect(guard.reserve({ tags: ['a', 'b'] }, 0.5)).rejects.toThrow(/tag:b/);
    const usage = await store.usage('tag:a', windowId('day', new Date()));
    expect(usage.reservedUsd).toBe(0);
  });

  it('names windows by UTC period', () => {
    const now = new Date('2026-11-21T10:00:00Z');
    expect(windowId('day', now)).toBe('day:2026-11-21');
    expect(windowId('week', now)).toBe('week:2026-11-16');
    expect(windowId('month', now)).toBe('month:2026-11');
    expect(windowId('total', now)).toBe('total');
  });
});

describe('reserveCallBudget', () => {
  it('holds the dearest target’s worst case: input estimate plus max output', async () => {
    const store = new MemoryBudgetStore();
    const guard = createBudgetGuard({ limitUsd: 1, store, period: 'total' });
    await reserveCallBudget(guard, {
      subject: {},
      targets: [
        { provider: 'openai', model: 'gpt-4o-mini' }, // $0.15 / $0.60 per M
        { provider: 'openai', model: 'gpt-4o' }, // $2.50 / $10 per M
      ],
      inputTokens: 1_000,
      maxOutputTokens: 2_000,
    });
    const { reservedUsd } = await store.usage('global', 'total');
    expect(reservedUsd).toBeCloseTo((1_000 * 2.5 + 2_000 * 10) / 1e6, 12);
  });

  it('reserves 4096 output tokens when the call sets no maximum', async () => {
    const store = new MemoryBudgetStore();
    const guard = createBudgetGuard({ limitUsd: 1, store, period: 'total' });
    await reserveCallBudget(guard, {
      subject: {},
      targets: [{ provider: 'openai', model: 'gpt-4o-mini' }],
      inputTokens: 0,
    });
    expect((await store.usage('global', 'total')).reservedUsd).toBeCloseTo((4096 * 0.6) / 1e6, 12);
  });
});
