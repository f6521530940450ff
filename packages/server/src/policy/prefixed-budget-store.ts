import type { BudgetStore } from '@stereos/core';

/**
 * A view of a budget store whose scopes carry a prefix. Virtual keys' own budgets use it:
 * `STEREOS_BUDGET_SCOPE=key` keeps one limit per key under the scope `key:<id>` too, and the two
 * limits must not add up each other's spend.
 */
export function prefixedBudgetStore(store: BudgetStore, prefix: string): BudgetStore {
  return {
    reserve: (request) => store.reserve({ ...request, scope: prefix + request.scope }),
    settle: (reservationId, actualUsd) => store.settle(reservationId, actualUsd),
    usage: (scope, window) => store.usage(prefix + scope, window),
  };
}
