import type { MiddlewareHandler } from 'hono';
import type { DashboardPrincipal } from '../../dashboard/principal';
import {
  clearDashboardCookie,
  readDashboardCookie,
  SESSION_COOKIE,
} from '../../dashboard/session-cookie';
import { errorView } from '../../dashboard/views/error-view';
import type { KeyStore } from '../../stores/store-contracts';
import type { DashboardContext, DashboardEnv } from './dashboard-env';
import { frameOf, page, seeOther } from './respond';

/** Why a session ended, as the sign-in page explains it. */
export type EndReason = 'expired' | 'revoked' | 'signed-out';

/**
 * Whether a principal may still use the dashboard: the master always (for the session's life);
 * a virtual key while it is neither revoked nor expired, read from the store on each request, so
 * revoking a key also ends its dashboard sessions at once.
 */
export async function principalStillValid(
  keys: KeyStore,
  principal: DashboardPrincipal,
  now: number,
): Promise<boolean> {
  if (principal.kind === 'master') return true;
  const record = await keys.get(principal.keyId);
  if (!record || record.revokedAt !== undefined) return false;
  return record.expiresAt === undefined || Date.parse(record.expiresAt) > now;
}

/**
 * Every dashboard page but sign-in and the assets needs a live session. Without one, a page
 * redirects to the sign-in form (303) and the event stream answers 401 (an `EventSource` stops
 * on it). Sets `c.var.session`.
 */
export function requireSession(ctx: DashboardContext): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const id = readDashboardCookie(c, SESSION_COOKIE);
    const session = ctx.sessions.get(id);
    let reason: EndReason | undefined = id === undefined ? undefined : 'expired';
    if (session) {
      if (await principalStillValid(ctx.stores.keys, session.principal, ctx.now())) {
        c.set('session', session);
        return next();
      }
      ctx.sessions.destroy(session.id);
      reason = 'revoked';
    }
    if (id !== undefined) clearDashboardCookie(c, SESSION_COOKIE);
    if (c.req.path === '/dashboard/events/stream') return c.text('Sign in first.', 401);
    return seeOther(c, reason ? `/dashboard/login?reason=${reason}` : '/dashboard/login');
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
