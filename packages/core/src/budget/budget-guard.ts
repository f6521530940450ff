import { getModelPrice, type PriceTable } from '../catalog/prices';
import { BudgetExceededError } from '../errors/budget-exceeded-error';
import { UnpricedModelError } from '../errors/unpriced-model-error';
import type { BudgetAlerts } from './budget-alerts';
import type { BudgetStore } from './budget-store';
import { type BudgetPeriod, windowOf } from './budget-window';
import { DEFAULT_RESERVED_OUTPUT_TOKENS, estimateMaxCostUsd } from './estimate-max-cost';
import { MemoryBudgetStore } from './memory-budget-store';

/** Who shares one limit. */
export type BudgetScope = 'global' | 'key' | 'user' | 'tag';

/** A spending limit. */
export interface BudgetOptions {
  /** Limit in USD per period and scope. */
  limitUsd: number;
  /** Window the limit applies to; spend resets at its start (UTC). Default `month`. */
  period?: BudgetPeriod;
  /**
   * Who shares a limit: `global` (everyone, default), `key` (each gateway key its own limit),
   * `user` (each `user` its own), `tag` (each tag its own; a call must fit every tag it carries).
   */
  scope?: BudgetScope;
  /**
   * Models without a known price cannot be bounded: `deny` (default) refuses them with a clear
   * error, `allow` lets them through at no reserved cost (their events carry no cost).
   */
  unpricedModels?: 'deny' | 'allow';
  /** Warns once per scope and window when spend passes a fraction of the limit. */
  alerts?: BudgetAlerts | undefined;
  /** Where spend is kept. Default: one in-memory store per budget guard. */
  store?: BudgetStore;
}

/** Who a call is for, as far as budgets are concerned. */
export interface BudgetSubject {
  user?: string | undefined;
  tags?: readonly string[] | undefined;
  keyId?: string | undefined;
}

/** A held amount; settle it with the real cost once the call ends (0 if it failed). */
export interface BudgetReservation {
  /** What was held, in USD. */
  readonly amountUsd: number;
  settle(actualUsd: number): Promise<void>;
}

/** A call to hold budget for: its worst case over every target a fallback may reach. */
export interface BudgetCall {
  subject: BudgetSubject;
  /** `maxUnitCostUsd`: the most a target priced per image/character/second can cost. */
  targets: readonly { provider: string; model: string; maxUnitCostUsd?: number | undefined }[];
  inputTokens: number;
  maxOutputTokens?: number | undefined;
}

export interface BudgetGuard {
  /**
   * Holds a call's worst case before any upstream is called: the estimated input plus the
   * maximum output (4096 tokens when unset) at the dearest target's price, since a fallback may
   * serve it. Throws `BudgetExceededError`, or `UnpricedModelError` for a model without price.
   */
  reserveCall(call: BudgetCall, now?: Date): Promise<BudgetReservation>;
}

/** Creates the reserve → settle guard of one budget; `prices` prices the reservations. */
export function createBudgetGuard(
  options: BudgetOptions,
  prices: Pick<PriceTable, 'getModelPrice'> = { getModelPrice },
): BudgetGuard {
  const store = options.store ?? new MemoryBudgetStore();
  const period = options.period ?? 'month';
  return {
    async reserveCall(call, now = new Date()) {
      const maxOutputTokens = call.maxOutputTokens ?? DEFAULT_RESERVED_OUTPUT_TOKENS;
      let amountUsd = 0;
      for (const target of call.targets) {
        const price = prices.getModelPrice(target.provider, target.model);
        const unit = price ? undefined : target.maxUnitCostUsd;
        if (!price && unit === undefined && options.unpricedModels !== 'allow') {
          throw new UnpricedModelError(target);
        }
        const cost = unit ?? estimateMaxCostUsd(price, call.inputTokens, maxOutputTokens);
        amountUsd = Math.max(amountUsd, cost);
      }
      const window = windowOf(period, now);
      const held: string[] = [];
      const scopes = scopesOf(options.scope ?? 'global', call.subject);
      try {
        for (const scope of scopes) {
          const result = await store.reserve({
            scope,
            window: window.id,
            amountUsd,
            limitUsd: options.limitUsd,
          });
          if (!result.ok) {
            throw new BudgetExceededError({
              scope,
              limitUsd: options.limitUsd,
              usedUsd: result.usedUsd,
              requestedUsd: amountUsd,
              resetAt: window.resetAt,
              inputTokens: call.inputTokens,
              maxOutputTokens,
            });
          }
          held.push(result.reservationId);
        }
      } catch (error) {
        await Promise.all(held.map((id) => store.settle(id, 0)));
        throw error;
      }
      let settled = false;
      return {
        amountUsd,
        async settle(actualUsd) {
          if (settled) return;
          settled = true;
          await Promise.all(held.map((id) => store.settle(id, actualUsd)));
          options.alerts?.check(store, options.limitUsd, scopes, window.id);
        },
      };
    },
  };
}

function scopesOf(scope: BudgetScope, subject: BudgetSubject): string[] {
  if (scope === 'user') return [`user:${subject.user ?? 'anonymous'}`];
  if (scope === 'key') return [`key:${subject.keyId ?? 'anonymous'}`];
  if (scope === 'tag') {
    return (subject.tags?.length ? subject.tags : ['untagged']).map((t) => `tag:${t}`);
  }
  return ['global'];
}
