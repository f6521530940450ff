import { classifyError, type FailureInfo } from '../errors/classify-error';
import { WireConversionError } from '../wire/wire-conversion-error';

/**
 * A gateway call that failed, already mapped to what an HTTP client should see: upstream 4xx
 * pass through (400 bad field, 401 bad provider key, …), 429 stays 429, 503/529 → 503, other 5xx
 * and connection errors → 502, timeouts → 504. The message is redacted of keys.
 */
export class GatewayCallError extends Error {
  override readonly name = 'GatewayCallError';
  readonly status: number;
  /** OpenAI error `type`, e.g. `invalid_request_error`, `upstream_error`. */
  readonly type: string;
  /** OpenAI error `code`, e.g. `unknown_provider`, `rate_limit_exceeded`. */
  readonly code: string | null;
  /** The request field at fault, for 400s (e.g. `model`). */
  readonly param: string | null;
  /** Seconds to send in `retry-after` (429 and 503). */
  readonly retryAfterSeconds: number | undefined;
  readonly provider: string | undefined;
  readonly attempts: number;

  constructor(args: {
    status: number;
    message: string;
    type: string;
    code?: string | null;
    param?: string | null;
    retryAfterSeconds?: number | undefined;
    provider?: string | undefined;
    attempts?: number;
  }) {
    super(args.message);
    this.status = args.status;
    this.type = args.type;
    this.code = args.code ?? null;
    this.param = args.param ?? null;
    this.retryAfterSeconds = args.retryAfterSeconds;
    this.provider = args.provider;
    this.attempts = args.attempts ?? 0;
  }
}

/** The client-facing status and type of a failure after retries and fallback. */
export function clientStatusOf(failure: FailureInfo): {
  status: number;
  type: string;
  code: string | null;
} {
  if (failure.kind === 'timeout') return { status: 504, type: 'upstream_timeout', code: 'timeout' };
  if (failure.kind === 'network')
    return { status: 502, type: 'upstream_error', code: 'connection_error' };
  if (failure.kind === 'aborted') return { status: 499, type: 'client_closed_request', code: null };
  const status = failure.status;
  if (status === undefined) return { status: 502, type: 'upstream_error', code: null };
  if (status === 429) return { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' };
  if (status === 401 || status === 403) return { status, type: 'authentication_error', code: null };
  if (status < 500) return { status, type: 'invalid_request_error', code: null };
  if (status === 503 || status === 529)
    return { status: 503, type: 'upstream_unavailable', code: null };
  return { status: 502, type: 'upstream_error', code: null };
}

/**
 * Any failure of an upstream call (after retries and fallback) as the client should see it: the
 * one mapping for chat, model listing and what comes next.
 */
export function toGatewayCallError(
  error: unknown,
  context: {
    signal?: AbortSignal | undefined;
    provider?: string | undefined;
    attempts?: number;
  } = {},
): GatewayCallError {
  const failure = classifyError(error, context.signal);
  // A request the translation cannot express is the client's to fix.
  const mapped =
    error instanceof WireConversionError
      ? { status: 400, type: 'invalid_request_error', code: null }
      : clientStatusOf(failure);
  return new GatewayCallError({
    ...mapped,
    message: clientMessage(failure, context.provider),
    retryAfterSeconds:
      failure.retryAfterMs === undefined ? undefined : Math.ceil(failure.retryAfterMs / 1000),
    provider: context.provider,
    attempts: context.attempts ?? 0,
  });
}

/** The upstream's message; for failures without one, which provider could not be reached. */
function clientMessage(failure: FailureInfo, provider: string | undefined): string {
  if (failure.kind === 'network')
    return `Could not reach ${provider ?? 'the upstream'}: ${failure.message}`;
  if (failure.kind === 'timeout') return `${provider ?? 'The upstream'}: ${failure.message}`;
  return failure.message;
}
