/**
 * The nearest-rank percentile (`p` in 0–100) of ascending `sorted` values; `undefined` when
 * there are none.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
