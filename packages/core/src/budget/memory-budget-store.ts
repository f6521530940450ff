import type { BudgetReserveRequest, BudgetReserveResult, BudgetStore } from './budget-store';

interface Window {
  spentUsd: number;
  reservedUsd: number;
}

/**
 * In-process budget store. Atomic because each operation runs synchronously on one event loop;
 * share one instance between models to share budgets. For several processes use a shared store.
 */
export class MemoryBudgetStore implements BudgetStore {
  private readonly windows = new Map<string, Window>();
  private readonly reservations = new Map<string, { key: string; amountUsd: number }>();
  private nextId = 0;

  async reserve(request: BudgetReserveRequest): Promise<BudgetReserveResult> {
    const key = `${request.scope}\u0000${request.window}`;
    const window = this.windows.get(key) ?? { spentUsd: 0, reservedUsd: 0 };
    const usedUsd = window.spentUsd + window.reservedUsd;
    if (usedUsd + request.amountUsd > request.limitUsd) return { ok: false, usedUsd };
    window.reservedUsd = roundUsd(window.reservedUsd + request.amountUsd);
    this.windows.set(key, window);
    const reservationId = String(++this.nextId);
    this.reservations.set(reservationId, { key, amountUsd: request.amountUsd });
    return { ok: true, reservationId };
  }

  async settle(reservationId: string, actualUsd: number): Promise<void> {
    const reservation = this.reservations.get(reservationId);
    if (!reservation) return;
    this.reservations.delete(reservationId);
    const window = this.windows.get(reservation.key);
    if (!window) return;
    window.reservedUsd = roundUsd(Math.max(0, window.reservedUsd - reservation.amountUsd));
    window.spentUsd = roundUsd(window.spentUsd + actualUsd);
  }

  async usage(scope: string, window: string): Promise<{ spentUsd: number; reservedUsd: number }> {
    const found = this.windows.get(`${scope}\u0000${window}`);
    return { spentUsd: found?.spentUsd ?? 0, reservedUsd: found?.reservedUsd ?? 0 };
  }
}

/** Drops float dust (sums of 0.1) below a billionth of a cent. */
function roundUsd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}
