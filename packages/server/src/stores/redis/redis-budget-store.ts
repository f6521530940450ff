import { randomUUID } from 'node:crypto';
import type { BudgetReserveRequest, BudgetReserveResult, BudgetStore } from '@stereos/core';
import {
  budgetKeys,
  parseReservationId,
  reservationIdOf,
  windowTag,
  windowTtlSeconds,
} from './redis-budget-keys';
import { reserveScript, settleScript, usageScript } from './redis-budget-scripts';
import type { RedisClient } from './redis-client';
import { storeOperation } from './redis-store-error';
import { limitToNanos, nanosToUsd, usdToNanos } from './redis-usd';

/** Options of `createRedisBudgetStore`. */
export interface RedisBudgetStoreOptions {
  /** Put before every key, e.g. `stereos:`; stores sharing a prefix share budgets. */
  prefix: string;
  /**
   * How long a reservation holds its amount if it is never settled (an instance died mid
   * call), in ms; then the amount goes back to the window. A settle that comes later still
   * counts its cost. Make it longer than the longest call. Default: one hour.
   */
  leaseMs?: number | undefined;
}

/** One hour: longer than any call with its retries and fallbacks. */
export const DEFAULT_BUDGET_LEASE_MS = 60 * 60 * 1000;

/**
 * A `BudgetStore` in Redis, shared by every instance using the same Redis and prefix. Each
 * operation is one Lua script, so `reserve` checks `spent + reserved + amount <= limit` and
 * holds the amount atomically: concurrent reserves, from any number of instances, never hold
 * more than the limit. Amounts are integer nano-dollars (see `redis-usd.ts`); windows expire
 * twice their period after their last reservation (`total` never does).
 */
export function createRedisBudgetStore(
  redis: RedisClient,
  options: RedisBudgetStoreOptions,
): BudgetStore {
  const { prefix } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_BUDGET_LEASE_MS;
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) {
    throw new RangeError(`leaseMs must be a whole number of ms >= 1, got ${leaseMs}`);
  }

  return {
    async reserve(request: BudgetReserveRequest): Promise<BudgetReserveResult> {
      const tag = windowTag(request.scope, request.window);
      const amount = usdToNanos(request.amountUsd, 'amountUsd');
      const limit = limitToNanos(request.limitUsd);
      const uuid = randomUUID();
      const keys = budgetKeys(prefix, tag);
      const reply = await storeOperation(redis, 'budget reserve', () =>
        reserveScript.run(
          redis,
          [keys.window, keys.leases],
          [amount, limit, uuid, leaseMs, windowTtlSeconds(request.window)],
        ),
      );
      const [held, used] = reply as [number, number?];
      if (held === 1) return { ok: true, reservationId: reservationIdOf(tag, uuid) };
      return { ok: false, usedUsd: nanosToUsd(Number(used ?? 0)) };
    },

    async settle(reservationId: string, actualUsd: number): Promise<void> {
      const actual = usdToNanos(actualUsd, 'actualUsd');
      const parsed = parseReservationId(reservationId);
      // Not an id this store handed out: nothing is held under it (settle is idempotent).
      if (!parsed) return;
      const keys = budgetKeys(prefix, parsed.tag);
      await storeOperation(redis, 'budget settle', () =>
        settleScript.run(redis, [keys.window, keys.leases], [parsed.uuid, actual]),
      );
    },

    async usage(scope: string, window: string): Promise<{ spentUsd: number; reservedUsd: number }> {
      const keys = budgetKeys(prefix, windowTag(scope, window));
      const reply = await storeOperation(redis, 'budget usage', () =>
        usageScript.run(redis, [keys.window, keys.leases], []),
      );
      const [spent, reserved] = reply as [number, number];
      return { spentUsd: nanosToUsd(Number(spent)), reservedUsd: nanosToUsd(Number(reserved)) };
    },
  };
}
