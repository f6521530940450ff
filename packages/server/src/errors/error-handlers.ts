import { redactSecrets } from '@stereos/core';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env';
import { ApiError } from './api-error';
import { openAIErrorBody } from './openai-error-body';
import { toApiError } from './to-api-error';

/** Writes an `ApiError` as its OpenAI-shaped JSON response. */
export function errorResponse(c: Context, error: ApiError): Response {
  return c.json(openAIErrorBody(error), error.status as ContentfulStatusCode, error.headers);
}

/**
 * `app.onError`: every thrown error ends here and leaves as OpenAI-shaped JSON. Unexpected
 * errors are logged (redacted: messages of failed fetches can quote URLs or headers with keys)
 * and answered with a generic 500, never a stack trace.
 */
export function createErrorHandler(secrets: readonly (string | undefined)[]): ErrorHandler<AppEnv> {
  return (error, c) => {
    const { apiError, expected } = toApiError(error);
    if (!expected) logUnexpected(error, c, [...secrets, c.get('auth')?.providerKey]);
    return errorResponse(c, apiError);
  };
}

/** `app.notFound`: unknown routes get JSON too, never hono's plain-text 404. */
export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(
    c,
    new ApiError({
      status: 404,
      message: `Unknown route: ${c.req.method} ${c.req.path}`,
      type: 'invalid_request_error',
      code: 'not_found',
    }),
  );

function logUnexpected(
  error: unknown,
  c: Context<AppEnv>,
  secrets: readonly (string | undefined)[],
) {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(
    JSON.stringify({
      level: 'error',
      msg: 'unexpected_error',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error: redactSecrets(detail, secrets),
    }),
  );
}
