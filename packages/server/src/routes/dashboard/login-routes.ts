import { Hono } from 'hono';
import { CSRF_FIELD, checkCsrf } from '../../dashboard/csrf';
import { randomToken } from '../../dashboard/random-token';
import {
  clearDashboardCookie,
  LOGIN_COOKIE,
  readDashboardCookie,
  SESSION_COOKIE,
  setDashboardCookie,
} from '../../dashboard/session-cookie';
import { signIn } from '../../dashboard/sign-in';
import { loginView } from '../../dashboard/views/login-view';
import type { DashboardContext, DashboardEnv } from './dashboard-env';
import { readForm } from './require-csrf';
import { page, seeOther } from './respond';

/** How long a sign-in form stays valid. */
const LOGIN_FORM_SECS = 60 * 60;

const REASONS: Record<string, string> = {
  expired: 'Your session expired. Sign in again.',
  revoked:
    'Your session ended: the key you signed in with was revoked, rotated, expired or changed.',
  'signed-out': 'Signed out.',
};

/**
 * `GET/POST /dashboard/login` and `POST /dashboard/logout`. The sign-in form is protected from
 * login CSRF (a site signing the browser in as someone else) before any session exists: a random
 * token in a `SameSite=Strict` cookie must equal the form's copy (double submit), and the request
 * must not come from another site — OWASP's CSRF cheat sheet, "Login CSRF"
 * (https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#possible-csrf-vulnerabilities-in-login-forms).
 * Each sign-in gets a new session id (no fixation).
 */
export function createLoginRoutes(ctx: DashboardContext): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  function form(c: Parameters<typeof page>[0], status: 200 | 401 | 403, error?: string) {
    const token = randomToken();
    setDashboardCookie(c, LOGIN_COOKIE, token, LOGIN_FORM_SECS);
    const message = REASONS[c.req.query('reason') ?? ''];
    return page(c, loginView({ csrfToken: token, error, message }), status);
  }

  app.get('/dashboard/login', async (c) => {
    const check = await ctx.sessions.check(readDashboardCookie(c, SESSION_COOKIE));
    if (check && 'session' in check) {
      return seeOther(c, '/dashboard/overview');
    }
    return form(c, 200);
  });

  app.post('/dashboard/login', async (c) => {
    const fields = await readForm(c.req.raw);
    const expected = readDashboardCookie(c, LOGIN_COOKIE);
    if (expected === undefined || checkCsrf(c, expected, fields[CSRF_FIELD])) {
      return form(c, 403, 'The sign-in form expired or came from another site. Try again.');
    }
    const result = await signIn(ctx.signInKeys, fields['key']);
    if ('refused' in result) return form(c, 401, result.refused);
    await ctx.sessions.destroy(readDashboardCookie(c, SESSION_COOKIE));
    const session = await ctx.sessions.create(result.principal, result.credential);
    const ttlSecs = Math.max(1, Math.floor((session.expiresAt - ctx.now()) / 1000));
    setDashboardCookie(c, SESSION_COOKIE, session.id, ttlSecs);
    clearDashboardCookie(c, LOGIN_COOKIE);
    return seeOther(c, '/dashboard/overview');
  });

  return app;
}

/**
 * `POST /dashboard/logout` (behind the session and CSRF checks): deletes the session from the
 * shared store, so it ends on every instance at its next request.
 */
export function createLogoutRoute(ctx: DashboardContext): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.post('/dashboard/logout', async (c) => {
    await ctx.sessions.destroy(c.get('session').id);
    clearDashboardCookie(c, SESSION_COOKIE);
    return seeOther(c, '/dashboard/login?reason=signed-out');
  });
  return app;
}
