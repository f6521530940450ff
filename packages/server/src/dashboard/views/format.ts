/*
 * Numbers and times as the pages show them. Times are UTC everywhere (the ledger, budget windows
 * and `/v1/usage` days are UTC), so every viewer of a page sees the same values.
 */

/** `$0.001234`: six decimals under a dollar (micro-dollars, as `/v1/usage` rounds), else cents. */
export function formatUsd(usd: number | undefined): string {
  if (usd === undefined) return '—';
  const digits = Math.abs(usd) < 1 ? 6 : 2;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** `12,345`. */
export function formatCount(n: number | undefined): string {
  return n === undefined ? '—' : Math.round(n).toLocaleString('en-US');
}

/** `12.5%`; `—` without a denominator. */
export function formatPercent(ratio: number | undefined): string {
  return ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`;
}

/** `340 ms`, `2.41 s`. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `2026-03-01 10:00:05Z` (UTC, to the second). */
export function formatTime(at: string | number | undefined): string {
  if (at === undefined) return '—';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** The value of an `<input type="datetime-local">` for an epoch ms (UTC, to the minute). */
export function toDateTimeLocal(at: number): string {
  return new Date(at).toISOString().slice(0, 16);
}
