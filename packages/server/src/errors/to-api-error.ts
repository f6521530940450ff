import {
  GatewayCallError,
  STEREOS_RESPONSE_HEADERS,
  StereosError,
  toGatewayCallError,
} from '@stereos/core';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from './api-error';

/** What the client sees for an error nobody anticipated: no message, no stack, no secrets. */
export const INTERNAL_ERROR_MESSAGE = 'The gateway failed unexpectedly. Please try again.';

/**
 * The one status → error map of the server. Every error (ours, core's, hono's, unknown) becomes
 * an `ApiError`; `expected` is false for errors that must be logged as bugs.
 */
export function toApiError(error: unknown): { apiError: ApiError; expected: boolean } {
  const apiError = knownApiError(error);
  if (apiError) return { apiError, expected: true };
  return {
    apiError: new ApiError({
      status: 500,
      message: INTERNAL_ERROR_MESSAGE,
      type: 'server_error',
      code: 'internal_error',
    }),
    expected: false,
  };
}

/**
 * The inverse, for the record: an answered error as core's call error, so the event of a refusal
 * carries the `type` and `code` the client was answered with.
 */
export function toCallError(error: ApiError): GatewayCallError {
  const { status, message, type, code, param } = error;
  return new GatewayCallError({ status, message, type, code, param });
}

function knownApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  // Already mapped by core (upstream 4xx passed through, 5xx → 502, …) and redacted.
  if (GatewayCallError.isInstance(error)) {
    return new ApiError({
      status: error.status,
      message: error.message,
      type: error.type,
      code: error.code || null,
      param: error.param,
      headers: servedHeaders(error),
      extra: { ...(error.provider ? { provider: error.provider } : {}), ...error.details },
    });
  }
  // Core's own errors thrown outside a call (routing, budget, …): core's one mapping.
  if (StereosError.isInstance(error)) return knownApiError(toGatewayCallError(error));
  if (error instanceof HTTPException) {
    return new ApiError({
      status: error.status,
      message: error.message || 'The request could not be handled.',
      type: error.status >= 500 ? 'server_error' : 'invalid_request_error',
    });
  }
  return undefined;
}

/** `retry-after` when the upstream asked for it; attempts made, when any were. */
function servedHeaders(error: GatewayCallError): Record<string, string> {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.attempts > 0) headers[STEREOS_RESPONSE_HEADERS.attempts] = String(error.attempts);
  return headers;
}
