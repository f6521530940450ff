import { STEREOS_RESPONSE_HEADERS } from '../protocol';
import { StereosError } from './stereos-error';
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
  /**
   * Attempts a Stereos server behind this call already made (its `x-stereos-attempts`): it has
   * retried, so the failure is not retried again here, only fallen back from.
   */
  gatewayAttempts?: number | undefined;
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
  if (callerSignal?.aborted) {
    // Aborted for a reason of the gateway's own (shutting down): that reason is the failure.
    const reason = callerSignal.reason;
    if (StereosError.isInstance(reason)) {
      return info('http', reason.status, false, false, undefined, reason.message);
    }
    return info('aborted', undefined, false, false, undefined, message);
  }
  if (StereosError.isInstance(error) && isRefusal(error.code)) {
    return info('budget', error.status, false, false, undefined, message);
  }
  if (StereosError.isInstance(error) && error.code === 'provider_not_configured') {
    // Trying the same target again cannot help; another provider may have a key.
    return info('http', error.status, false, true, undefined, message);
  }
  for (const e of causeChain(error)) {
    if (AttemptTimeoutError.isInstance(e)) {
      return info('timeout', 408, true, true, undefined, message);
    }
    const status = statusOf(e);
    if (status !== undefined) {
      const gatewayAttempts = gatewayAttemptsOf(e);
      const retryable = isRetryableStatus(status) && gatewayAttempts === undefined;
      const failure = info('http', status, retryable, true, retryAfterOfChain(error), message);
      return gatewayAttempts === undefined ? failure : { ...failure, gatewayAttempts };
    }
    if (isNetworkError(e)) return info('network', undefined, true, true, undefined, message);
  }
  if (isAbortError(error)) return info('aborted', undefined, false, false, undefined, message);
  return info('unknown', undefined, false, true, undefined, message);
}

/** Refusals by the gateway's own policies: neither retried nor fallen back from. */
function isRefusal(code: string): boolean {
  return code === 'budget_exceeded' || code === 'unpriced_model';
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

function headerOf(e: any, name: string): string | undefined {
  const headers = e?.headers ?? e?.responseHeaders;
  if (!headers) return undefined;
  const value = typeof headers.get === 'function' ? headers.get(name) : headers[name];
  return typeof value === 'string' ? value : undefined;
}

function retryAfterOf(e: any): number | undefined {
  return parseRetryAfter(headerOf(e, 'retry-after-ms'), headerOf(e, 'retry-after'));
}

/** The first `retry-after` along the cause chain (a wrapper may keep the headers in its cause). */
function retryAfterOfChain(error: unknown): number | undefined {
  for (const e of causeChain(error)) {
    const ms = retryAfterOf(e);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/** The attempts a Stereos server reported for this failure, when it came from one. */
export function gatewayAttemptsOf(e: unknown): number | undefined {
  return parseAttemptsHeader(headerOf(e, STEREOS_RESPONSE_HEADERS.attempts));
}

/** Reads an `x-stereos-attempts` value: a small positive integer, else undefined. */
export function parseAttemptsHeader(value: string | null | undefined): number | undefined {
  if (!value || !/^[0-9]{1,3}$/.test(value)) return undefined;
  const attempts = Number(value);
  return attempts >= 1 ? attempts : undefined;
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
