import type { KeyStore, SessionStore, StoredSession } from '../stores/store-contracts';
import type { DashboardPrincipal } from './principal';
import { randomToken, sameToken } from './random-token';

/** One signed-in browser. The browser holds only the random `id`; the rest is server side. */
export interface DashboardSession {
  /** Random, 256 bits: the cookie's value. Stored only as its SHA-256. */
  readonly id: string;
  /** Random, 256 bits: the CSRF token of this session's forms. */
  readonly csrfToken: string;
  readonly principal: DashboardPrincipal;
  /** Epoch ms after which the session is gone. */
  readonly expiresAt: number;
}

/** Why a presented session no longer works, as the sign-in page explains it. */
export type EndReason = 'expired' | 'revoked';

/** What a cookie's session id is worth now. */
export type SessionCheck = { session: DashboardSession } | { ended: EndReason };

/** Sign-in, the check of every dashboard request, and sign-out. */
export interface DashboardSessions {
  /**
   * A new session for `principal`, bound to `credential`: the master key, or the virtual key's
   * stored hash. Changing that credential (a new `STEREOS_MASTER_KEY`, a rotated key) ends it.
   */
  create(principal: DashboardPrincipal, credential: string): Promise<DashboardSession>;
  /** The live session of a cookie, or why it ended; `undefined` without a cookie. */
  check(id: string | undefined): Promise<SessionCheck | undefined>;
  /** Signs out: the id stops working at once, on every instance sharing the store. */
  destroy(id: string | undefined): Promise<void>;
}

export interface DashboardSessionsOptions {
  /** Where sessions live: the shared SQL store, or this instance's memory. */
  store: SessionStore;
  /** Virtual keys, read on each request: a revoked, expired or rotated key ends its sessions. */
  keys: Pick<KeyStore, 'get'>;
  /** `STEREOS_MASTER_KEY` as configured now. */
  masterKey: string | undefined;
  /** Lifetime of a session from sign-in (absolute, not sliding). */
  ttlMs: number;
  /** Sessions kept at most; the oldest is dropped past it. */
  maxSessions: number;
  now?: () => number;
}

/** Default lifetime of a dashboard session: a working day. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Default number of sessions kept (sign-ins are cheap to repeat, storage is not unbounded). */
export const MAX_SESSIONS = 10_000;

/** What the store keeps of a session besides its id hash and times. */
interface SessionData {
  principal: DashboardPrincipal;
  csrfToken: string;
  /** SHA-256 of the session id and the credential it was signed in with. */
  binding: string;
}

const encoder = new TextEncoder();

/** Lower-case hex SHA-256 (WebCrypto, so Workers too), of one-off strings: nothing remembered. */
async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Ties a session to the credential that signed it in without storing anything that helps guess
 * that credential: the digest includes the session id, which exists only in the cookie.
 */
function bindingOf(id: string, credential: string): Promise<string> {
  return sha256Hex(`stereos-dashboard-session\n${id}\n${credential}`);
}

/**
 * Server-side sessions as OWASP's session management cheat sheet describes them
 * (https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html): random
 * 256-bit ids, a fixed lifetime, a new id at each sign-in, invalidated on sign-out. They live in
 * a `SessionStore` every instance reads (the SQL database), found by the id's SHA-256, so any
 * instance behind a load balancer serves a browser signed in on another, and sign-out or
 * revocation on one ends the session on all. Each check re-reads the session and, for a virtual
 * key, the key: a dashboard request costs one or two indexed reads, `/v1` nothing.
 */
export function createDashboardSessions(options: DashboardSessionsOptions): DashboardSessions {
  const now = options.now ?? Date.now;
  const { store, keys } = options;

  async function credentialValid(id: string, data: SessionData, at: number): Promise<boolean> {
    let credential: string | undefined;
    if (data.principal.kind === 'master') {
      credential = options.masterKey;
    } else {
      const record = await keys.get(data.principal.keyId);
      if (!record || record.revokedAt !== undefined) return false;
      if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= at) return false;
      credential = record.keyHash;
    }
    return credential !== undefined && sameToken(await bindingOf(id, credential), data.binding);
  }

  return {
    async create(principal, credential) {
      const at = now();
      const id = randomToken();
      const csrfToken = randomToken();
      const data: SessionData = { principal, csrfToken, binding: await bindingOf(id, credential) };
      const stored: StoredSession = {
        idHash: await sha256Hex(id),
        data: JSON.stringify(data),
        createdAt: at,
        expiresAt: at + options.ttlMs,
      };
      await store.create(stored, { now: at, maxSessions: options.maxSessions });
      return { id, csrfToken, principal, expiresAt: stored.expiresAt };
    },
    async check(id) {
      if (id === undefined) return undefined;
      const at = now();
      const idHash = await sha256Hex(id);
      const stored = await store.get(idHash, at);
      const data = stored && parseData(stored.data);
      if (!stored || !data) return { ended: 'expired' };
      if (!(await credentialValid(id, data, at))) {
        await store.delete(idHash);
        return { ended: 'revoked' };
      }
      const { principal, csrfToken } = data;
      return { session: { id, csrfToken, principal, expiresAt: stored.expiresAt } };
    },
    async destroy(id) {
      if (id !== undefined) await store.delete(await sha256Hex(id));
    },
  };
}

/** A stored session's data, or `undefined` when it is not what this code wrote. */
function parseData(text: string): SessionData | undefined {
  try {
    const data = JSON.parse(text) as SessionData;
    const principal = data?.principal;
    const validPrincipal =
      principal?.kind === 'master' ||
      (principal?.kind === 'key' &&
        typeof principal.keyId === 'string' &&
        typeof principal.name === 'string');
    if (!validPrincipal) return undefined;
    if (typeof data.csrfToken !== 'string' || typeof data.binding !== 'string') return undefined;
    return data;
  } catch {
    return undefined;
  }
}
