import { BudgetExceededError } from './budget-exceeded-error';
import { AttemptTimeoutError } from './timeout-error';

/** What a failed attempt means for retry and fallback. */
export interface FailureInfo {
  kind: 'http' | 'network' | 'timeout' | 'aborted' | 'budget' | 'unknown';
  /** HTTP status, when the failure had one. */
  status: number | undefined;
  /** Worth trying the same target again (429, 408, 409, 5xx, connection errors, timeouts). */
  retryable: boolean;
  /** Worth moving to the next target. False only for the caller's abort and budget refusals. */
  fallbackable: boolean;
  /** Delay the upstream asked for (`retry-after-ms` / `retry-after`). */
  retryAfterMs: number | undefined;
  message: string;
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** Whether a status is worth retrying on the same target. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status) || status >= 500;
}

/**
 * Classifies any error from an attempt: our own `UpstreamHttpError`, AI SDK `APICallError`s,
 * Vercel gateway errors (which carry `statusCode` but no `isRetryable`), fetch/undici network
 * errors, timeouts and aborts. Decisions come from the status, never from `isRetryable` alone.
 * `callerSignal` tells the caller's own abort apart from a per-attempt timeout.
 */
export function classifyError(error: unknown, callerSignal?: AbortSignal): FailureInfo {
  const message = error instanceof Error ? error.message : String(error);
  if (callerSignal?.aborted) return info('aborted', undefined, false, false, undefined, message);
  if (error instanceof BudgetExceededError) {
    return info('budget', 402, false, false, undefined, message);
  }
  for (const e of causeChain(error)) {
    if (e instanceof AttemptTimeoutError)
      return info('timeout', 408, true, true, undefined, message);
    const status = statusOf(e);
    if (status !== undefined) {
      const retryable = isRetryableStatus(status);
      return info('http', status, retryable, true, retryAfterOf(e), message);
    }
    if (isNetworkError(e)) return info('network', undefined, true, true, undefined, message);
  }
  if (isAbortError(error)) return info('aborted', undefined, false, false, undefined, message);
  return info('unknown', undefined, false, true, undefined, message);
}

function info(
  kind: FailureInfo['kind'],
  status: number | undefined,
  retryable: boolean,
  fallbackable: boolean,
  retryAfterMs: number | undefined,
  message: string,
): FailureInfo {
  return { kind, status, retryable, fallbackable, retryAfterMs, message };
}

function* causeChain(error: unknown): Generator<any> {
  let current: any = error;
  for (let depth = 0; current != null && depth < 5; depth++) {
    yield current;
    current = current.cause;
  }
}

function statusOf(e: any): number | undefined {
  const status = e?.status ?? e?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

function isNetworkError(e: any): boolean {
  if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  // fetch() rejects with `TypeError('fetch failed')` and the socket error as its cause.
  return e instanceof TypeError && /fetch failed|network|terminated|socket/i.test(e.message);
}

function isAbortError(e: any): boolean {
  return e?.name === 'AbortError' || e?.name === 'TimeoutError';
}

function retryAfterOf(e: any): number | undefined {
  const headers = e?.headers ?? e?.responseHeaders;
  if (!headers) return undefined;
  const get = (name: string): string | undefined =>
    typeof headers.get === 'function' ? (headers.get(name) ?? undefined) : headers[name];
  return parseRetryAfter(get('retry-after-ms'), get('retry-after'));
}

/** Parses `retry-after-ms` (ms) or `retry-after` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(
  retryAfterMs: string | undefined,
  retryAfter: string | undefined,
  now = Date.now(),
): number | undefined {
  if (retryAfterMs) {
    const ms = Number(retryAfterMs);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
