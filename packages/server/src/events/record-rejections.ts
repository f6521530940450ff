import { type ChatGateway, GatewayCallError, type GatewayEventStatus } from '@stereos/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { ApiError } from '../errors/api-error';
import { toApiError, toCallError } from '../errors/to-api-error';

/**
 * The call routes whose refusals are recorded, with the event's `operation`: the Anthropic
 * Messages route is a chat call too (count_tokens is not a call: nothing is spent).
 */
export const RECORDED_CALL_PATHS: Readonly<Record<string, string>> = {
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'chat',
  '/v1/embeddings': 'embeddings',
  '/v1/responses': 'responses',
  '/v1/images/generations': 'images',
  '/v1/images/edits': 'images',
  '/v1/audio/transcriptions': 'transcriptions',
  '/v1/audio/translations': 'transcriptions',
  '/v1/audio/speech': 'speech',
  '/v1/moderations': 'moderations',
};

/**
 * Records a `GatewayEvent` for call requests (`RECORDED_CALL_PATHS`) refused before the call ran
 * (401 bad key, 413 body too large, 400 bad JSON or schema): every call leaves exactly one event.
 * A failure of the call itself carries the event core recorded, so it is not recorded twice.
 *
 * Mounted outermost on the route, it sees the error response the error handler produced for
 * anything thrown further in (hono sets `c.error`).
 */
export function recordRejections(gateway: ChatGateway): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Only calls count: a GET here is an unknown route, not a refused call.
    const operation = Object.hasOwn(RECORDED_CALL_PATHS, c.req.path)
      ? RECORDED_CALL_PATHS[c.req.path]
      : undefined;
    if (c.req.method !== 'POST' || operation === undefined) return next();
    await next();
    const status = c.res.status;
    if (status < 400) return;
    if (GatewayCallError.isInstance(c.error) && c.error.event) return;
    gateway.reject({
      status: rejectionStatus(status),
      operation,
      // As the client was answered: the event's type and code are the error body's.
      error: toCallError(
        c.error
          ? toApiError(c.error).apiError
          : new ApiError({
              status,
              message: `Refused with status ${status}`,
              type: status >= 500 ? 'server_error' : 'invalid_request_error',
            }),
      ),
      requestedModel: c.get('requestedModel'),
      stream: c.get('stream') ?? false,
      subject: { requestId: c.get('requestId'), keyId: c.get('auth')?.keyId },
    });
  };
}

function rejectionStatus(httpStatus: number): GatewayEventStatus {
  if (httpStatus === 401 || httpStatus === 403) return 'unauthorized';
  if (httpStatus === 402) return 'budget_exceeded';
  if (httpStatus === 429) return 'rate_limited';
  return httpStatus < 500 ? 'invalid_request' : 'error';
}
