import { isValidRequestId, REQUEST_ID_HEADER } from '@stereos/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { requestHeaders } from './request-headers';

/**
 * Gives every request an id: the client's `x-request-id` when it is sane (1–128 printable ASCII
 * characters: it is echoed in a header and written to events and logs), else a new UUID.
 * Chat answers carry it from where they are built; other answers get the header here.
 */
export function requestIdMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = requestHeaders(c).get(REQUEST_ID_HEADER);
    const id = given && isValidRequestId(given) ? given : crypto.randomUUID();
    c.set('requestId', id);
    await next();
    // Chat answers carry it already (set where they are built); the rest get it here.
    if (!c.get('requestIdSent') || !c.res.ok) c.res.headers.set(REQUEST_ID_HEADER, id);
  };
}
