import type { AppVariables } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import type { LiveEventFeed } from '../../dashboard/live-feed';
import type { DashboardSession, SessionStore } from '../../dashboard/session-store';
import type { SignInKeys } from '../../dashboard/sign-in';
import type { ServerStores } from '../../stores/server-stores';
import type { AdminClient } from './admin-client';

/** The Hono environment of the dashboard's routes. */
export interface DashboardEnv {
  Variables: AppVariables & {
    /** Set by `requireSession` on every page but sign-in and the assets. */
    session: DashboardSession;
    /** Set by `requireCsrf`: the posted form, already checked. */
    form: Record<string, string>;
  };
}

/** What the dashboard's routes share. */
export interface DashboardContext {
  config: Pick<ServerConfig, 'masterKey'>;
  stores: Pick<ServerStores, 'keys' | 'ledger' | 'budgets'>;
  sessions: SessionStore;
  signInKeys: SignInKeys;
  admin: AdminClient;
  liveEvents: LiveEventFeed;
  now: () => number;
}
