import { Hono } from 'hono';
import { liveEventStream } from '../../dashboard/live-stream';
import { scopeOf } from '../../dashboard/principal';
import { liveView } from '../../dashboard/views/live-view';
import type { DashboardContext, DashboardEnv } from './dashboard-env';
import { frameOf, page } from './respond';

/** Events the Live page shows before the stream sends new ones. */
const RECENT = 20;

/**
 * `GET /dashboard/live` (the page) and `GET /dashboard/events/stream` (server-sent events fed by
 * this instance's live event sink, plus other instances' events through the ledger relay while
 * the stream is open). The stream ends when the session does: signed out (on any instance),
 * expired, or its virtual key revoked, re-checked every `SESSION_RECHECK_MS`.
 */
export function createLiveRoutes(ctx: DashboardContext): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get('/dashboard/live', async (c) => {
    const scope = scopeOf(c.get('session').principal);
    const recent = await ctx.stores.ledger.page({ limit: RECENT, keyId: scope });
    return page(c, liveView(frameOf(c, 'live', 'Live'), recent.events));
  });

  app.get('/dashboard/events/stream', (c) => {
    const session = c.get('session');
    const release = ctx.relay.watch();
    const subscription = ctx.liveEvents.subscribe({
      keyId: scopeOf(session.principal),
      onClose: release,
    });
    if (!subscription) {
      release();
      return c.text('Too many live viewers; try again later.', 503);
    }
    const stillValid = async () => {
      const check = await ctx.sessions.check(session.id);
      return check !== undefined && 'session' in check;
    };
    return c.body(liveEventStream(subscription, stillValid), 200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
  });

  return app;
}
