import type { RequestIdVariables } from 'hono/request-id';
import type { AuthContext } from './auth/auth-context';

/** Per-request variables the middlewares hand to the routes. */
export interface AppVariables extends RequestIdVariables {
  /** Set by the auth middleware on `/v1/*`. */
  auth: AuthContext;
  /** Set by the chat route once the body is parsed, so a rejection event can name the model. */
  requestedModel?: string;
  /** Set by the chat route once the body is parsed. */
  stream?: boolean;
  /** Set by a route whose response already carries `x-request-id` (no header rewrite after). */
  requestIdSent?: boolean;
}

/** The Hono environment of the Stereos app. */
export interface AppEnv {
  Variables: AppVariables;
}
