import { anthropicErrorBody } from '@stereos/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env';

/**
 * Answers errors on the Anthropic routes in Anthropic's shape,
 * `{"type":"error","error":{"type":…,"message":…},"request_id":…}`, with the same status
 * (Anthropic's type for it: 401 `authentication_error`, 429 `rate_limit_error`, …) and headers
 * (`retry-after`, `x-request-id`, `x-stereos-attempts`), so Anthropic clients read them as
 * they read the API's own. https://docs.anthropic.com/en/api/errors
 *
 * Mounted before auth on `/v1/messages/*`, it rewrites whatever the app's error handler wrote
 * (OpenAI-shaped) for anything thrown further in: auth, body limits, validation, the call.
 */
export function anthropicErrors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (res.status < 400) return;
    if (!res.headers.get('content-type')?.includes('application/json')) return;
    const body = parse(await res.text());
    const message =
      typeof body?.error?.message === 'string' ? body.error.message : `HTTP ${res.status}`;
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    const requestId = c.get('requestId');
    const text = JSON.stringify(anthropicErrorBody(res.status, message, requestId));
    // Unset first: hono's setter would copy the old answer's headers over the new ones.
    c.res = undefined;
    c.res = new Response(text, { status: res.status, headers });
  };
}

function parse(text: string): { error?: { message?: unknown } } | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
