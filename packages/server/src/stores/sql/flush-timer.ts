/**
 * The one pending write of a write-behind store (the SQL event ledger, the embedded budgets):
 * `soon` schedules `flush` unless a write is already due, `cancel` drops the pending one (a
 * write that goes now instead, or shutdown). A pending write never keeps the process alive;
 * shutdown calls the store's `close()`.
 */
export function createFlushTimer(flush: () => Promise<void>, onError: (error: unknown) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    soon(delayMs: number): void {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        flush().catch(onError);
      }, delayMs);
      timer.unref?.();
    },
    cancel(): void {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
