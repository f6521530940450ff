/** The period a budget limit applies to. */
export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';

/** One budget window: its id in the store and when the next one starts. */
export interface BudgetWindow {
  /** e.g. `day:2026-11-21`, `week:2026-11-16` (its Monday), `month:2026-11`, `total`. */
  id: string;
  /** ISO time the next window starts (UTC); undefined for `total`. */
  resetAt: string | undefined;
}

const DAY_MS = 86_400_000;

/**
 * The last window worked out per period, with its UTC day: every window starts at a UTC
 * midnight, so the window of a moment depends on its day alone. Each budgeted call asks several
 * times (reserve, settle, per budget); formatting two ISO dates each time was ~5 us of a call.
 */
const lastWindow = new Map<BudgetPeriod, { day: number; window: Readonly<BudgetWindow> }>();

/** The window a moment falls in. Windows are UTC days, ISO weeks (from Monday) and months. */
export function windowOf(period: BudgetPeriod, now: Date): Readonly<BudgetWindow> {
  const day = Math.floor(now.getTime() / DAY_MS);
  const last = lastWindow.get(period);
  if (last !== undefined && last.day === day) return last.window;
  const window = Object.freeze(computeWindow(period, now));
  lastWindow.set(period, { day, window });
  return window;
}

function computeWindow(period: BudgetPeriod, now: Date): BudgetWindow {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  if (period === 'total') return { id: 'total', resetAt: undefined };
  if (period === 'day') {
    return { id: `day:${isoDate(y, m, d)}`, resetAt: iso(Date.UTC(y, m, d + 1)) };
  }
  if (period === 'month') {
    return { id: `month:${isoDate(y, m, 1).slice(0, 7)}`, resetAt: iso(Date.UTC(y, m + 1, 1)) };
  }
  const monday = d - ((now.getUTCDay() + 6) % 7);
  return { id: `week:${isoDate(y, m, monday)}`, resetAt: iso(Date.UTC(y, m, monday + 7)) };
}

/** The window id alone (store keys). */
export function windowId(period: BudgetPeriod, now: Date): string {
  return windowOf(period, now).id;
}

function isoDate(y: number, m: number, d: number): string {
  return iso(Date.UTC(y, m, d)).slice(0, 10);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
