import {
  BudgetExceededError,
  GatewayCallError,
  InvalidModelError,
  toGatewayCallError,
  UnknownProviderError,
  UpstreamHttpError,
} from '@stereos/core';
import { HTTPException } from 'hono/http-exception';
import { ApiError, invalidRequest } from './api-error';

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

function knownApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  // Already mapped by core (upstream 4xx passed through, 5xx → 502, …) and redacted.
  if (error instanceof GatewayCallError) {
    return new ApiError({
      status: error.status,
      message: error.message,
      type: error.type,
      code: error.code,
      param: error.param ?? undefined,
      headers: retryAfterHeader(error.retryAfterSeconds),
    });
  }
  if (error instanceof UnknownProviderError || error instanceof InvalidModelError) {
    return invalidRequest(error.message, error.code, 'model');
  }
  if (error instanceof BudgetExceededError) {
    return new ApiError({
      status: 402,
      message: error.message,
      type: 'insufficient_quota',
      code: 'budget_exceeded',
    });
  }
  if (error instanceof UpstreamHttpError) return knownApiError(toGatewayCallError(error));
  if (error instanceof HTTPException) {
    return new ApiError({
      status: error.status,
      message: error.message || 'The request could not be handled.',
      type: error.status >= 500 ? 'server_error' : 'invalid_request_error',
    });
  }
  return undefined;
}

function retryAfterHeader(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { 'retry-after': String(seconds) };
}
