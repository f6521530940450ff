import type { BudgetStore } from './budget-store';

/** A budget window that passed its alert threshold. */
export interface BudgetAlert {
  scope: string;
  window: string;
  limitUsd: number;
  spentUsd: number;
  /** The threshold, a fraction of the limit (0.8 = 80 %). */
  threshold: number;
}

/** When to warn before a budget runs out. */
export interface BudgetAlertOptions {
  /** Fraction of the limit that raises the alert, e.g. 0.8. */
  threshold: number;
  onAlert(alert: BudgetAlert): void;
}

/** The least time between two spend checks of one scope (the check is a store read). */
const CHECK_INTERVAL_MS = 5_000;

/** Checks spend against a threshold; one instance is shared by every guard it should dedupe. */
export interface BudgetAlerts {
  check(
    store: BudgetStore,
    limitUsd: number,
    scopes: readonly string[],
    window: string,
    now?: number,
  ): void;
}

/**
 * Raises an alert once per scope and window when spend passes the threshold. Checked after a
 * call settles, off the call's path, at most every few seconds per scope; each instance alerts
 * once (several instances may each alert once for the same window). Share one across the
 * guards of a budget (e.g. every call's key-budget guard) so they alert once together.
 */
export function createBudgetAlerts(options: BudgetAlertOptions): BudgetAlerts {
  const alerted = new Set<string>();
  const lastCheck = new Map<string, number>();
  return {
    check(store, limitUsd, scopes, window, now = Date.now()) {
      for (const scope of scopes) {
        const key = `${scope}\u0000${window}`;
        if (alerted.has(key) || now - (lastCheck.get(key) ?? 0) < CHECK_INTERVAL_MS) continue;
        lastCheck.set(key, now);
        store
          .usage(scope, window)
          .then(({ spentUsd }) => {
            if (spentUsd < limitUsd * options.threshold || alerted.has(key)) return;
            alerted.add(key);
            options.onAlert({ scope, window, limitUsd, spentUsd, threshold: options.threshold });
          })
          .catch(() => {});
      }
    },
  };
}
