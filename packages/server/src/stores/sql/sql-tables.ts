/*
 * The tables of the SQL stores, as Kysely sees them (https://kysely.dev/docs/getting-started#types).
 * Column types are the portable subset of SQLite and PostgreSQL: text, integer, bigint and
 * double precision. Times are ISO-8601 UTC text (`toISOString()`), which sorts as it reads.
 * Every table starts with `stereos_` so the stores can share a database with other things.
 */

/** Virtual keys; `key_hash` is the SHA-256 (hex) of the secret, never the secret. */
export interface KeysTable {
  id: string;
  name: string;
  key_hash: string;
  preview: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  /** JSON of the rest of the record: budget, rpm, tpm, models, user, tags, metadata. */
  settings: string;
}

/** The ledger: the columns usage queries group and filter on, plus the whole event as JSON. */
export interface EventsTable {
  id: string;
  /** `timestamp` of the event, normalised to `toISOString()`. */
  ts: string;
  key_id: string | null;
  user_id: string | null;
  provider: string | null;
  /** The model that served, else the one asked for. */
  model: string | null;
  status: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  body: string;
}

/** One row per (event, tag), so usage can group by tag with a join on both dialects. */
export interface EventTagsTable {
  event_id: string;
  tag: string;
}

/** Budget windows; amounts in integer nano-dollars so sums are exact. */
export interface BudgetWindowsTable {
  scope: string;
  window_id: string;
  spent_nanos: number;
  reserved_nanos: number;
}

/** Reservations not settled yet. */
export interface BudgetReservationsTable {
  id: string;
  scope: string;
  window_id: string;
  amount_nanos: number;
  created_at: string;
}

/** One fixed-window counter per rate key, reset in place when a new window starts. */
export interface RateWindowsTable {
  key: string;
  /** Start of the current window, ms since the epoch. */
  window_start: number;
  count: number;
}

/** Dashboard sessions, by the SHA-256 (hex) of the session id; never the id itself. */
export interface DashboardSessionsTable {
  id_hash: string;
  /** JSON: who signed in, the CSRF token, the credential binding. */
  data: string;
  /** Epoch ms. */
  created_at: number;
  expires_at: number;
}

export interface StoreTables {
  stereos_keys: KeysTable;
  stereos_events: EventsTable;
  stereos_event_tags: EventTagsTable;
  stereos_budget_windows: BudgetWindowsTable;
  stereos_budget_reservations: BudgetReservationsTable;
  stereos_rate_windows: RateWindowsTable;
  stereos_dashboard_sessions: DashboardSessionsTable;
}
