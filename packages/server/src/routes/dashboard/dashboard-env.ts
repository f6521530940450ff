import type { AppVariables } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import type { DashboardSession, DashboardSessions } from '../../dashboard/dashboard-sessions';
import type { LedgerRelay } from '../../dashboard/ledger-relay';
import type { LiveEventFeed } from '../../dashboard/live-feed';
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
  stores: Pick<ServerStores, 'keys' | 'ledger' | 'budgets' | 'sessions'>;
  sessions: DashboardSessions;
  signInKeys: SignInKeys;
  admin: AdminClient;
  liveEvents: LiveEventFeed;
  /** Other instances' events for the Live page, read from the shared ledger while watched. */
  relay: LedgerRelay;
  now: () => number;
}
