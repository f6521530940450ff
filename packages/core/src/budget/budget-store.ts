/** A request to hold `amountUsd` against one budget window. */
export interface BudgetReserveRequest {
  /** Budget scope, e.g. `global`, `user:alice`, `tag:checkout`. */
  scope: string;
  /** Window id, e.g. `day:2026-11-21`; spend resets per window. */
  window: string;
  amountUsd: number;
  limitUsd: number;
}

export type BudgetReserveResult =
  | { ok: true; reservationId: string }
  | { ok: false; usedUsd: number };

/**
 * Where budget spend lives. `reserve` must be atomic: check `spent + reserved + amount <= limit`
 * and add the reservation in one step (one Redis script, one SQL statement), so that concurrent
 * calls, also from other instances, can never overspend together.
 */
export interface BudgetStore {
  reserve(request: BudgetReserveRequest): Promise<BudgetReserveResult>;
  /** Replaces a reservation by the real cost (0 releases it). Idempotent per reservation. */
  settle(reservationId: string, actualUsd: number): Promise<void>;
  /** Spent plus still-reserved amount of a window. */
  usage(scope: string, window: string): Promise<{ spentUsd: number; reservedUsd: number }>;
}
