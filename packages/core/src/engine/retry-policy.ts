/** How an upstream attempt is retried on the same target. */
export interface RetryOptions {
  /** Retries after the first attempt, per target. Default 2 (server: `UPSTREAM_MAX_RETRIES`). */
  maxRetries: number;
  /** Base of the exponential backoff. Default 150 ms (server: `UPSTREAM_RETRY_BASE_DELAY_MS`). */
  baseDelayMs: number;
  /** Cap of one backoff delay. Default 8 s. */
  maxDelayMs?: number;
  /**
   * A `retry-after` longer than this is not waited for on the same target: the call moves to
   * the next target (or fails) at once. Default 30 s.
   */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = {
  maxRetries: 2,
  baseDelayMs: 150,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

/** Default per-attempt timeout (server: `REQUEST_TIMEOUT_SECS` = 120). */
export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Delay before retry number `retryIndex` (0-based): exponential with "equal jitter" (half fixed,
 * half random) so concurrent callers do not retry in lockstep. An upstream's `retry-after` is a
 * floor, never shortened by jitter.
 */
export function backoffDelayMs(
  retryIndex: number,
  options: RetryOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const cap = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const exponential = Math.min(cap, options.baseDelayMs * 2 ** retryIndex);
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
