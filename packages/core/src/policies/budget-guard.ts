import { BudgetExceededError } from '../errors/budget-exceeded-error';
import type { BudgetStore } from '../stores/budget-store';
import { MemoryBudgetStore } from '../stores/memory-budget-store';
import { DEFAULT_RESERVED_OUTPUT_TOKENS, estimateMaxCostUsd } from '../usage/estimate-cost';

/** A spending limit. */
export interface BudgetOptions {
  /** Limit in USD per period and scope. */
  limitUsd: number;
  /** Window the limit applies to; spend resets at its start (UTC). Default `month`. */
  period?: 'day' | 'week' | 'month' | 'total';
  /**
   * Who shares a limit: `global` (everyone, default), `user` (each `user` its own limit), `tag`
   * (each tag its own limit; a call must fit every tag it carries).
   */
  scope?: 'global' | 'user' | 'tag';
  /** Where spend is kept. Default: one in-memory store per budget guard. */
  store?: BudgetStore;
}

/** Who a call is for, as far as budgets are concerned. */
export interface BudgetSubject {
  user?: string | undefined;
  tags?: readonly string[] | undefined;
}

/** A held amount; settle it with the real cost once the call ends (0 if it failed). */
export interface BudgetReservation {
  settle(actualUsd: number): Promise<void>;
}

export interface BudgetGuard {
  /** Holds `amountUsd` on every scope of the subject or throws `BudgetExceededError`. */
  reserve(subject: BudgetSubject, amountUsd: number, now?: Date): Promise<BudgetReservation>;
}

/** Creates the reserve → settle guard of one budget. */
export function createBudgetGuard(options: BudgetOptions): BudgetGuard {
  const store = options.store ?? new MemoryBudgetStore();
  return {
    async reserve(subject, amountUsd, now = new Date()) {
      const window = windowId(options.period ?? 'month', now);
      const held: string[] = [];
      try {
        for (const scope of scopesOf(options.scope ?? 'global', subject)) {
          const result = await store.reserve({
            scope,
            window,
            amountUsd,
            limitUsd: options.limitUsd,
          });
          if (!result.ok) {
            throw new BudgetExceededError({
              scope,
              limitUsd: options.limitUsd,
              usedUsd: result.usedUsd,
              requestedUsd: amountUsd,
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
        async settle(actualUsd) {
          if (settled) return;
          settled = true;
          await Promise.all(held.map((id) => store.settle(id, actualUsd)));
        },
      };
    },
  };
}

function scopesOf(scope: 'global' | 'user' | 'tag', subject: BudgetSubject): string[] {
  if (scope === 'user') return [`user:${subject.user ?? 'anonymous'}`];
  if (scope === 'tag')
    return (subject.tags?.length ? subject.tags : ['untagged']).map((t) => `tag:${t}`);
  return ['global'];
}

/** The window a moment falls in, e.g. `day:2026-11-21`, `week:2026-11-16`, `month:2026-11`. */
export function windowId(period: 'day' | 'week' | 'month' | 'total', now: Date): string {
  const iso = now.toISOString();
  if (period === 'day') return `day:${iso.slice(0, 10)}`;
  if (period === 'month') return `month:${iso.slice(0, 7)}`;
  if (period === 'total') return 'total';
  const monday = new Date(now);
  monday.setUTCDate(now.getUTCDate() - ((now.getUTCDay() + 6) % 7));
  return `week:${monday.toISOString().slice(0, 10)}`;
}

/**
 * Reserves a call's worst case before any upstream is called: the estimated input plus the
 * maximum output (4096 tokens when unset) at the dearest target's price, since a fallback may
 * serve it. Throws `BudgetExceededError` when it does not fit.
 */
export function reserveCallBudget(
  guard: BudgetGuard,
  call: {
    subject: BudgetSubject;
    targets: readonly { provider: string; model: string }[];
    inputTokens: number;
    maxOutputTokens?: number | undefined;
  },
): Promise<BudgetReservation> {
  const maxOutputTokens = call.maxOutputTokens ?? DEFAULT_RESERVED_OUTPUT_TOKENS;
  const amount = Math.max(
    0,
    ...call.targets.map((t) =>
      estimateMaxCostUsd({ ...t, inputTokens: call.inputTokens, maxOutputTokens }),
    ),
  );
  return guard.reserve(call.subject, amount);
}
