import { redactSecrets } from '@stereos/core';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMasterKey } from '../../auth/master-key';
import { createVirtualKeyResolver } from '../../auth/virtual-key-resolver';
import type { ServerConfig } from '../../config/load-config';
import {
  createDashboardSessions,
  type DashboardSessions,
  MAX_SESSIONS,
  SESSION_TTL_MS,
} from '../../dashboard/dashboard-sessions';
import { createLedgerRelay } from '../../dashboard/ledger-relay';
import type { LiveEventFeed } from '../../dashboard/live-feed';
import { securityHeaders } from '../../dashboard/security-headers';
import { readDashboardCookie, SESSION_COOKIE } from '../../dashboard/session-cookie';
import { errorView } from '../../dashboard/views/error-view';
import { createMemorySessionStore } from '../../stores/memory/memory-session-store';
import type { ServerStores } from '../../stores/server-stores';
import { createAdminClient, type FetchHandler } from './admin-client';
import { createAssetRoutes } from './asset-routes';
import type { DashboardContext, DashboardEnv } from './dashboard-env';
import { createEventsRoutes } from './events-routes';
import { createKeysRoutes } from './keys-routes';
import { createLiveRoutes } from './live-routes';
import { createLoginRoutes, createLogoutRoute } from './login-routes';
import { createOverviewRoutes } from './overview-routes';
import { requireCsrf } from './require-csrf';
import { requireSession } from './require-session';
import { page, seeOther } from './respond';

/** Dashboard forms are small; anything bigger is refused before it is read. */
const MAX_FORM_BYTES = 32 * 1024;

/** What the dashboard needs from the app. */
export interface DashboardDeps {
  config: Pick<ServerConfig, 'dashboard' | 'masterKey'>;
  stores: Pick<ServerStores, 'keys' | 'ledger' | 'budgets' | 'sessions'>;
  /** The live event sink's feed (the app adds `liveEvents.publish` to its sinks). */
  liveEvents: LiveEventFeed;
  /** The app itself: key changes are calls to its admin API. */
  app: FetchHandler;
  /** Sessions (tests pass their own); by default in `stores.sessions`, else in memory. */
  sessions?: DashboardSessions;
  /** Time between two reads of the shared ledger for the Live page (default 1 s). */
  relayIntervalMs?: number;
  now?: () => number;
}

/**
 * The web dashboard under `/dashboard` (docs/dashboard.md): Overview, Keys, Events and Live,
 * server-rendered HTML plus one script, behind a sign-in with the master key or a virtual key.
 * Empty when `STEREOS_DASHBOARD=false`. Every middleware here is bound to `/dashboard` paths,
 * so nothing runs on any other route.
 */
export function createDashboardRoutes(deps: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  if (!deps.config.dashboard) return app;
  const now = deps.now ?? Date.now;
  const ctx: DashboardContext = {
    config: deps.config,
    stores: deps.stores,
    sessions:
      deps.sessions ??
      createDashboardSessions({
        store: deps.stores.sessions ?? createMemorySessionStore(),
        keys: deps.stores.keys,
        masterKey: deps.config.masterKey,
        ttlMs: SESSION_TTL_MS,
        maxSessions: MAX_SESSIONS,
        now,
      }),
    signInKeys: {
      masterKey:
        deps.config.masterKey === undefined ? undefined : createMasterKey(deps.config.masterKey),
      // No cache: a sign-in always sees the key as stored now.
      virtualKeys: createVirtualKeyResolver(deps.stores.keys, { ttlMs: 0, now }),
    },
    admin: createAdminClient(deps.app, deps.config.masterKey),
    liveEvents: deps.liveEvents,
    relay: createLedgerRelay({
      ledger: deps.stores.ledger,
      publish: deps.liveEvents.publish,
      intervalMs: deps.relayIntervalMs,
    }),
    now,
  };

  app.onError((error, c) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(
      JSON.stringify({
        level: 'error',
        msg: 'dashboard_error',
        path: c.req.path,
        error: redactSecrets(detail, [deps.config.masterKey]),
      }),
    );
    return page(c, errorView('Something went wrong; the error was logged on the server.'), 500);
  });

  for (const path of ['/dashboard', '/dashboard/*']) app.use(path, securityHeaders());
  app.use(
    '/dashboard/*',
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('Form too large.', 413) }),
  );

  // Public: the assets and the sign-in form.
  app.route('/', createAssetRoutes());
  app.route('/', createLoginRoutes(ctx));
  app.get('/dashboard', async (c) => {
    const check = await ctx.sessions.check(readDashboardCookie(c, SESSION_COOKIE));
    return seeOther(c, check && 'session' in check ? '/dashboard/overview' : '/dashboard/login');
  });

  // Everything below needs a session; every POST its CSRF token and this origin.
  app.use('/dashboard/*', requireSession(ctx));
  app.use('/dashboard/*', requireCsrf());
  app.route('/', createLogoutRoute(ctx));
  app.route('/', createOverviewRoutes(ctx));
  app.route('/', createLiveRoutes(ctx));
  app.route('/', createEventsRoutes(ctx));
  app.route('/', createKeysRoutes(ctx));
  app.all('/dashboard/*', (c) => page(c, errorView('No such page.'), 404));
  return app;
}
