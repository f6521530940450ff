import type { DashboardPrincipal } from './principal';
import { randomToken } from './random-token';

/** One signed-in browser. Kept on the server; the browser holds only the random `id`. */
export interface DashboardSession {
  /** Random, 256 bits: the cookie's value. */
  readonly id: string;
  /** Random, 256 bits: the CSRF token of this session's forms. */
  readonly csrfToken: string;
  readonly principal: DashboardPrincipal;
  /** Epoch ms after which the session is gone. */
  readonly expiresAt: number;
}

/** Server-side sessions with expiry, bounded in number. */
export interface SessionStore {
  create(principal: DashboardPrincipal): DashboardSession;
  /** The live session with this id; an expired one is dropped and reads as absent. */
  get(id: string | undefined): DashboardSession | undefined;
  /** Signs out: the id stops working at once. */
  destroy(id: string | undefined): void;
  /** Live sessions (tests). */
  readonly size: number;
}

export interface SessionStoreOptions {
  /** Lifetime of a session from sign-in (absolute, not sliding). */
  ttlMs: number;
  /** Sessions kept at most; the oldest is dropped past it. */
  maxSessions: number;
  now?: () => number;
}

/** Default lifetime of a dashboard session: a working day. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Default number of sessions kept (sign-ins are cheap to repeat, memory is not unbounded). */
export const MAX_SESSIONS = 10_000;

/**
 * Sessions in a `Map` of this instance's memory (OWASP session management: random server-side
 * ids, fixed expiry, invalidated on sign-out). Several instances behind one address need sticky
 * sessions, or each asks to sign in again; a restart signs everyone out.
 */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, DashboardSession>();

  function sweep(at: number) {
    for (const [id, session] of sessions) {
      if (session.expiresAt <= at) sessions.delete(id);
    }
  }

  return {
    create(principal) {
      const at = now();
      if (sessions.size >= options.maxSessions) sweep(at);
      // Insertion order is age order: the first entry is the oldest session.
      while (sessions.size >= options.maxSessions) {
        sessions.delete(sessions.keys().next().value as string);
      }
      const session: DashboardSession = {
        id: randomToken(),
        csrfToken: randomToken(),
        principal,
        expiresAt: at + options.ttlMs,
      };
      sessions.set(session.id, session);
      return session;
    },
    get(id) {
      if (id === undefined) return undefined;
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expiresAt <= now()) {
        sessions.delete(id);
        return undefined;
      }
      return session;
    },
    destroy(id) {
      if (id !== undefined) sessions.delete(id);
    },
    get size() {
      return sessions.size;
    },
  };
}
