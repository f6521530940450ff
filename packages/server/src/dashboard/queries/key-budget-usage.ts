import { type BudgetStore, windowId } from '@stereos/core';
import type { VirtualKeyRecord } from '../../stores/store-contracts';

/** A key's budget in its current window. */
export interface KeyBudgetUsage {
  limitUsd: number;
  /** Spent plus still reserved by calls in flight (what the next call is checked against). */
  usedUsd: number;
  remainingUsd: number;
  /** The budget window, e.g. `month:2026-03`. */
  window: string;
}

/**
 * Key budgets keep their spend in the budget store under `vk:key:<id>`: the per-key policy's
 * prefix (`policy/key-policy.ts`) and the engine's `key` scope. Read-only here.
 */
export const KEY_BUDGET_SCOPE_PREFIX = 'vk:key:';

/** What a key with a budget has used and has left in its current window; `undefined` without one. */
export async function keyBudgetUsage(
  budgets: BudgetStore,
  key: Pick<VirtualKeyRecord, 'id' | 'budget'>,
  now: Date = new Date(),
): Promise<KeyBudgetUsage | undefined> {
  if (!key.budget) return undefined;
  const window = windowId(key.budget.period, now);
  const usage = await budgets.usage(KEY_BUDGET_SCOPE_PREFIX + key.id, window);
  const usedUsd = usage.spentUsd + usage.reservedUsd;
  return {
    limitUsd: key.budget.limitUsd,
    usedUsd,
    remainingUsd: Math.max(0, key.budget.limitUsd - usedUsd),
    window,
  };
}
