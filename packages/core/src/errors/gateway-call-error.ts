import type { GatewayEvent } from '../usage/gateway-event';
import { redactSecrets } from '../util/redact';
import { classifyError, type FailureInfo } from './classify-error';
import { hasMarker, markerOf, StereosError } from './stereos-error';
import { UpstreamHttpError } from './upstream-http-error';

const name = 'GatewayCallError';
const marker = markerOf(name);
const symbol = Symbol.for(marker);

/**
 * A gateway call that failed, mapped to what an HTTP client should see: the one status → error
 * map of Stereos. Upstream 4xx pass through with the upstream's own `type`, `code` and `param`,
 * 429 stays 429, 503/529 → 503, other 5xx and connection errors → 502, timeouts → 504, and the
 * gateway's own refusals keep their status (400, 402, 503 `provider_not_configured`). The
 * message is redacted of keys.
 */
export class GatewayCallError extends StereosError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through Symbol.for(marker)
  private readonly [symbol] = true;
  declare readonly status: number;
  /** OpenAI error `type`, e.g. `invalid_request_error`, `upstream_error`. */
  readonly type: string;
  /** Seconds to send in `retry-after` (429 and 503). */
  readonly retryAfterSeconds: number | undefined;
  /** Provider that failed last, when an upstream was tried. */
  readonly provider: string | undefined;
  /** Upstream attempts made, retries and fallbacks included. */
  readonly attempts: number;
  /** Extra fields of the error body, e.g. a budget refusal's limit and reset time. */
  readonly details: Record<string, unknown> | undefined;
  /** The event recorded for the failed call (the engine records before it throws). */
  readonly event: GatewayEvent | undefined;

  constructor(args: {
    status: number;
    message: string;
    type: string;
    code?: string | null;
    param?: string | null;
    retryAfterSeconds?: number | undefined;
    provider?: string | undefined;
    attempts?: number;
    details?: Record<string, unknown> | undefined;
    event?: GatewayEvent | undefined;
  }) {
    super({
      name,
      message: args.message,
      code: args.code ?? '',
      status: args.status,
      param: args.param ?? undefined,
    });
    this.type = args.type;
    this.retryAfterSeconds = args.retryAfterSeconds;
    this.provider = args.provider;
    this.attempts = args.attempts ?? 0;
    this.details = args.details;
    this.event = args.event;
  }

  static override isInstance(error: unknown): error is GatewayCallError {
    return hasMarker(error, marker);
  }
}

/**
 * The status, `type`, `code` and `param` a client sees for a failure: the fields of the error
 * body `toGatewayCallError` makes, and of the event's `error` (the same words in both places).
 */
export function clientErrorFields(
  error: unknown,
  failure: FailureInfo = classifyError(error),
): { status: number; type: string; code: string | null; param: string | null } {
  if (GatewayCallError.isInstance(error)) {
    const { status, type, code, param } = error;
    return { status, type, code: code || null, param: param ?? null };
  }
  const mapped = { ...clientStatusOf(failure), param: null as string | null };
  if (UpstreamHttpError.isInstance(error) && failure.kind !== 'aborted') {
    // The upstream's own words about what to fix: `context_length_exceeded`, its `param`, …
    // (a 429 keeps the one type clients check for; OpenAI's own says `requests` or `tokens`).
    if (error.status < 500 && error.status !== 429) mapped.type = error.upstreamType ?? mapped.type;
    mapped.code = error.upstreamCode ?? mapped.code;
    if (error.status < 500) mapped.param = error.param ?? null;
  } else if (StereosError.isInstance(error) && !UpstreamHttpError.isInstance(error)) {
    // The gateway's own refusals (bad model, budget, no key for the provider) keep their status.
    if (error.status !== undefined && failure.kind !== 'timeout') {
      mapped.status = error.status;
      mapped.type = typeOfGatewayStatus(error.status);
    }
    mapped.code = error.code;
    mapped.param = error.param ?? null;
  }
  return mapped;
}

/** The client-facing status, type and code of a failure after retries and fallback. */
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
  if (status === 402) return { status, type: 'insufficient_quota', code: null };
  if (status < 500) return { status, type: 'invalid_request_error', code: null };
  if (status === 503 || status === 529)
    return { status: 503, type: 'upstream_unavailable', code: null };
  return { status: 502, type: 'upstream_error', code: null };
}

/**
 * Any failure of a call (after retries and fallback) as the client should see it: the one
 * mapping for chat, model listing and what comes next.
 */
export function toGatewayCallError(
  thrown: unknown,
  context: {
    signal?: AbortSignal | undefined;
    provider?: string | undefined;
    attempts?: number;
    event?: GatewayEvent | undefined;
    /** Keys to redact from the message, besides well-known key shapes and URL credentials. */
    secrets?: readonly (string | undefined)[];
  } = {},
): GatewayCallError {
  if (GatewayCallError.isInstance(thrown)) return thrown;
  // A call the gateway aborted itself (shutting down) failed for that reason.
  const reason = context.signal?.aborted ? context.signal.reason : undefined;
  const error = StereosError.isInstance(reason) ? reason : thrown;
  const failure = classifyError(error, context.signal);
  const mapped = clientErrorFields(error, failure);
  return new GatewayCallError({
    ...mapped,
    // Messages of thrown errors can quote URLs with credentials, or echoed keys.
    message: redactSecrets(clientMessage(failure, context.provider), context.secrets),
    retryAfterSeconds:
      failure.retryAfterMs === undefined ? undefined : Math.ceil(failure.retryAfterMs / 1000),
    provider: context.provider,
    attempts: context.attempts ?? 0,
    details: detailsOf(error),
    event: context.event,
  });
}

function typeOfGatewayStatus(status: number): string {
  if (status === 402) return 'insufficient_quota';
  if (status === 401 || status === 403) return 'authentication_error';
  if (status < 500) return 'invalid_request_error';
  return 'server_error';
}

/** Structured fields a client can act on, e.g. a budget's limit, spend and reset time. */
function detailsOf(error: unknown): Record<string, unknown> | undefined {
  const refusal = (error as { refusal?: Record<string, unknown> } | undefined)?.refusal;
  if (!refusal || typeof refusal !== 'object') return undefined;
  return {
    budget: {
      scope: refusal['scope'],
      limit_usd: refusal['limitUsd'],
      used_usd: refusal['usedUsd'],
      requested_usd: refusal['requestedUsd'],
      reset_at: refusal['resetAt'] ?? null,
      max_output_tokens: refusal['maxOutputTokens'],
    },
  };
}

/** The upstream's message; for failures without one, which provider could not be reached. */
function clientMessage(failure: FailureInfo, provider: string | undefined): string {
  if (failure.kind === 'network')
    return `Could not reach ${provider ?? 'the upstream'}: ${failure.message}`;
  if (failure.kind === 'timeout') return `${provider ?? 'The upstream'}: ${failure.message}`;
  return failure.message;
}
