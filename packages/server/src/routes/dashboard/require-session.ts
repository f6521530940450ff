import type { MiddlewareHandler } from 'hono';
import {
  clearDashboardCookie,
  readDashboardCookie,
  SESSION_COOKIE,
} from '../../dashboard/session-cookie';
import { errorView } from '../../dashboard/views/error-view';
import type { DashboardContext, DashboardEnv } from './dashboard-env';
import { frameOf, page, seeOther } from './respond';

/**
 * Every dashboard page but sign-in and the assets needs a live session, read from the session
 * store on each request (`DashboardSessions.check`: signed out, expired, or its key revoked,
 * rotated or changed on any instance ends it here). Without one, a page redirects to the
 * sign-in form (303) and the event stream answers 401 (an `EventSource` stops on it). Sets
 * `c.var.session`.
 */
export function requireSession(ctx: DashboardContext): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const check = await ctx.sessions.check(readDashboardCookie(c, SESSION_COOKIE));
    if (check && 'session' in check) {
      c.set('session', check.session);
      return next();
    }
    if (check) clearDashboardCookie(c, SESSION_COOKIE);
    if (c.req.path === '/dashboard/events/stream') return c.text('Sign in first.', 401);
    return seeOther(c, check ? `/dashboard/login?reason=${check.ended}` : '/dashboard/login');
  };
}

/** Pages only the master key sees (key management). */
export function requireMaster(): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    if (c.get('session').principal.kind !== 'master') {
      const frame = frameOf(c, 'overview', 'Keys');
      return page(c, errorView('Only the master key manages keys.', frame), 403);
    }
    return next();
  };
}
