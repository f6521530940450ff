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
  /** Set right before `gateway.chat()`, which records its own event from then on. */
  eventRecorded?: boolean;
}

/** The Hono environment of the Stereos app. */
export interface AppEnv {
  Variables: AppVariables;
}
