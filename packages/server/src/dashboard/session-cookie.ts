import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { requestIsHttps } from './request-origin';

/** The session cookie: its value is the random session id, nothing else. */
export const SESSION_COOKIE = 'stereos_session';
/** The sign-in form's CSRF cookie (double submit, before there is a session). */
export const LOGIN_COOKIE = 'stereos_login';
/** Both cookies are sent only to the dashboard's own paths. */
export const COOKIE_PATH = '/dashboard';

/**
 * Cookie attributes: `HttpOnly` (no script reads it), `SameSite=Strict` (no cross-site request
 * carries it), `Secure` when the dashboard is reached over https, and scoped to `/dashboard`.
 * See MDN's Set-Cookie reference (https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie).
 */
function attributes(c: Context, maxAgeSecs: number) {
  return {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'Strict' as const,
    secure: requestIsHttps(c),
    maxAge: maxAgeSecs,
  };
}

export function setDashboardCookie(
  c: Context,
  name: string,
  value: string,
  maxAgeSecs: number,
): void {
  setCookie(c, name, value, attributes(c, maxAgeSecs));
}

export function readDashboardCookie(c: Context, name: string): string | undefined {
  const value = getCookie(c, name);
  return value && /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
}

/** Expires the cookie in the browser (sign-out, an expired session). */
export function clearDashboardCookie(c: Context, name: string): void {
  deleteCookie(c, name, attributes(c, 0));
}
