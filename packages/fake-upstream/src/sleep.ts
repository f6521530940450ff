/** Resolves after `ms`; resolves at once for 0 so the fast path stays synchronous-ish. */
export function sleep(ms: number | undefined): Promise<void> {
  if (!ms || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
