import type { BudgetPeriod, BudgetStore, GatewayEvent } from '@stereos/core';

/*
 * The contracts of the server's storage. Each has an embedded implementation (SQLite under
 * STEREOS_DATA_DIR, or in memory), PostgreSQL ones (DATABASE_URL) and Redis ones (REDIS_URL)
 * for state many instances share. The hot path never waits on a database: keys are cached,
 * events are queued and written in batches.
 */

/** A stored virtual key. The secret itself is never stored: only its SHA-256 (hex). */
export interface VirtualKeyRecord {
  /** Public id, e.g. `vk_3f2a…`; also the event's `keyId` for this key. */
  id: string;
  name: string;
  /** SHA-256 of the secret, lower-case hex. */
  keyHash: string;
  /** The first characters of the secret, shown so a user can tell keys apart (`sk-st-ab12…`). */
  preview: string;
  createdAt: string;
  expiresAt?: string | undefined;
  revokedAt?: string | undefined;
  /** A spending limit of this key alone. */
  budget?: { limitUsd: number; period: BudgetPeriod } | undefined;
  /** Requests per minute, tokens (input + output) per minute. */
  rpm?: number | undefined;
  tpm?: number | undefined;
  /** Globs of the models this key may call (`gpt-4o*`, `claude-*`); all when unset. */
  models?: string[] | undefined;
  /** Copied into the key's events. */
  user?: string | undefined;
  tags?: string[] | undefined;
  metadata?: Record<string, string> | undefined;
}

/** What can be set on a key (create and update). */
export type VirtualKeyInput = Partial<
  Pick<
    VirtualKeyRecord,
    'name' | 'expiresAt' | 'budget' | 'rpm' | 'tpm' | 'models' | 'user' | 'tags' | 'metadata'
  >
>;

/** Virtual keys, by id and by the hash of their secret. */
export interface KeyStore {
  /** Creates a key; the secret is returned here once and never again. */
  create(
    input: VirtualKeyInput & { name: string },
  ): Promise<{ record: VirtualKeyRecord; key: string }>;
  list(): Promise<VirtualKeyRecord[]>;
  get(id: string): Promise<VirtualKeyRecord | undefined>;
  update(id: string, patch: VirtualKeyInput): Promise<VirtualKeyRecord | undefined>;
  /** Marks the key revoked (kept for the ledger); false when there is no such key. */
  revoke(id: string): Promise<boolean>;
  /** A new secret for the same key (the old one stops working); returned once. */
  rotate(id: string): Promise<{ record: VirtualKeyRecord; key: string } | undefined>;
  /** The key whose secret hashes to `keyHash`, revoked or not (the caller decides). */
  findByHash(keyHash: string): Promise<VirtualKeyRecord | undefined>;
}

/** One window count (requests or tokens) against a limit. */
export interface RateLimitResult {
  ok: boolean;
  limit: number;
  remaining: number;
  /** When the window resets, in ms from now. */
  resetMs: number;
}

/** Fixed-window counters, atomic per key (one Redis script, one SQL statement, one event loop). */
export interface RateLimiter {
  /** Adds `amount` to the window of `key` if it fits under `limit`; says how it stands. */
  hit(key: string, amount: number, limit: number, windowMs: number): Promise<RateLimitResult>;
  /** Adds `amount` regardless of the limit (tokens counted after a call). */
  add(key: string, amount: number, windowMs: number): Promise<void>;
}

/** A cached chat answer, replayed as it was sent. */
export interface CachedAnswer {
  kind: 'json' | 'stream';
  /** The JSON body, or the SSE text of the whole stream. */
  body: string;
  provider: string;
  model: string;
}

/** Exact-match response cache (Redis when configured, else an in-process LRU bounded in bytes). */
export interface ResponseCache {
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void>;
}

/** Grouping of `GET /v1/usage`. */
export type UsageGroup = 'key' | 'model' | 'provider' | 'user' | 'tag' | 'day';

export interface UsageQuery {
  from?: string | undefined;
  to?: string | undefined;
  groupBy?: UsageGroup | undefined;
  /** Only this key's events (a virtual key sees its own). */
  keyId?: string | undefined;
}

export interface UsageRow {
  group: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** The ledger: one row per request, written in batches off the hot path. */
export interface EventLedger {
  /** Queues an event (never blocks the call); written with the next batch. */
  record(event: GatewayEvent): void;
  /** Writes what is queued (also on shutdown). */
  flush(): Promise<void>;
  usage(query: UsageQuery): Promise<UsageRow[]>;
  /** Newest first, `limit` at most 500; `cursor` from the previous page. */
  page(query: {
    limit: number;
    cursor?: string | undefined;
    keyId?: string | undefined;
  }): Promise<{ events: GatewayEvent[]; nextCursor: string | undefined }>;
}

/**
 * A dashboard session as stored. The session id (the cookie) is never stored: rows are found by
 * its SHA-256, so a read of the table cannot be replayed as a cookie.
 */
export interface StoredSession {
  /** SHA-256 of the session id, lower-case hex. */
  idHash: string;
  /** The session's data as JSON (who, CSRF token, credential binding); opaque to the store. */
  data: string;
  /** Epoch ms of the sign-in. */
  createdAt: number;
  /** Epoch ms after which the session is gone. */
  expiresAt: number;
}

/**
 * Dashboard sessions where every instance reads them (the SQL database that holds the keys), so
 * a sign-in on one instance holds on the others and a sign-out ends it on all of them.
 */
export interface SessionStore {
  /** Saves a new session, first dropping expired ones and the oldest past `maxSessions`. */
  create(session: StoredSession, limits: { now: number; maxSessions: number }): Promise<void>;
  /** The session with this id hash, unless it expired by `now`. */
  get(idHash: string, now: number): Promise<StoredSession | undefined>;
  /** Deletes it (sign-out); nothing when there is none. */
  delete(idHash: string): Promise<void>;
}

/** Everything the server stores. */
export interface StoreSet {
  keys: KeyStore;
  budgets: BudgetStore;
  rates: RateLimiter;
  cache: ResponseCache;
  ledger: EventLedger;
  /** Dashboard sessions; the dashboard keeps them in this instance's memory when absent. */
  sessions?: SessionStore | undefined;
  /** Flushes queued writes and closes connections. */
  close(): Promise<void>;
}
