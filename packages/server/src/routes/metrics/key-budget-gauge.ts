import { type BudgetStore, windowId } from '@stereos/core';
import { Gauge, type Registry } from 'prom-client';
import type { KeyStore } from '../../stores/store-contracts';

/** Keys read per scrape at most (the gauge is for dashboards, not an export of every key). */
const MAX_KEYS = 500;

/**
 * `stereos_key_budget_remaining_usd{key}`: what each virtual key with a budget has left in its
 * current window, read from the stores when Prometheus scrapes (never on the request path).
 * Key budgets keep their spend under `vk:key:<id>` (see policy/key-policy.ts).
 */
export function registerKeyBudgetGauge(
  registry: Registry,
  stores: { keys: KeyStore; budgets: BudgetStore },
): void {
  new Gauge({
    name: 'stereos_key_budget_remaining_usd',
    help: 'Budget left to each virtual key in its current window, in USD.',
    labelNames: ['key'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const now = new Date();
      const keys = (await stores.keys.list()).filter((k) => k.budget && !k.revokedAt);
      for (const key of keys.slice(0, MAX_KEYS)) {
        const budget = key.budget as NonNullable<typeof key.budget>;
        const usage = await stores.budgets.usage(`vk:key:${key.id}`, windowId(budget.period, now));
        const left = budget.limitUsd - usage.spentUsd - usage.reservedUsd;
        this.set({ key: key.id }, Math.max(0, Math.round(left * 1e9) / 1e9));
      }
    },
  });
}
