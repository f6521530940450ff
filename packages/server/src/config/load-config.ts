import {
  DEFAULT_RETRY,
  PROVIDERS,
  type ProviderConfigs,
  redactSecrets,
  resolveProviderConfigs,
} from '@stereos/core';
import { z } from 'zod';
import type { StoreLocation } from '../stores/open-server-stores';
import { ConfigError } from './config-error';
import { type ModelMap, parseModelMap } from './model-map';
import { type PolicyConfig, policyConfigOf, policyEnvSchema } from './policy-config';

/** Everything the server reads from its environment, parsed and typed. */
export interface ServerConfig {
  /** Budget, caps and prices applied to every call (see `policy-config.ts`). */
  policy: PolicyConfig;
  /** `HOST`, default `0.0.0.0`. */
  host: string;
  /** `PORT`, default 3000 (1–65535; only the CLI's `--port 0` asks for a free port). */
  port: number;
  /** `REQUEST_TIMEOUT_SECS` (default 120) in milliseconds: the per-attempt upstream timeout. */
  requestTimeoutMs: number;
  /** `UPSTREAM_MAX_RETRIES` (default 2) and `UPSTREAM_RETRY_BASE_DELAY_MS` (default 150). */
  retry: { maxRetries: number; baseDelayMs: number };
  /** `GATEWAY_API_KEYS` (comma-separated). Unset → passthrough auth. */
  gatewayApiKeys: string[];
  /**
   * `STEREOS_ALLOW_ANONYMOUS`, default false. Passthrough mode only: lets requests without any
   * key spend the env provider keys. Off, such requests get 401 (no open relay by default).
   */
  allowAnonymous: boolean;
  /** `MAX_BODY_BYTES`, default 10 MiB: larger request bodies get 413. */
  maxBodyBytes: number;
  /**
   * `STEREOS_MAX_UPLOAD_BYTES`, default 25 MiB (OpenAI's own limit): larger audio uploads
   * (`/v1/audio/transcriptions`, `/v1/audio/translations`) get 413. Uploads stream to a
   * temporary file, so this bounds disk, not memory.
   */
  maxUploadBytes: number;
  /** `LOG_EVENTS`, default true: one JSON line per `GatewayEvent` on stdout. */
  logEvents: boolean;
  /** `STEREOS_SHUTDOWN_GRACE_SECS` (default 10) in ms: how long calls may finish at shutdown. */
  shutdownGraceMs: number;
  /** Every provider's `*_BASE_URL` and `*_API_KEY`. */
  providers: ProviderConfigs;
  /**
   * `STEREOS_MASTER_KEY`: the admin credential (`/admin/*`, all usage, `/metrics`). Set, it
   * also turns on gateway mode, since virtual keys are then handed out. Unset → no admin API.
   */
  masterKey: string | undefined;
  /**
   * `STEREOS_KEY_CACHE_TTL_SECS` (default 5) in ms: how long a looked-up virtual key is
   * trusted, so revoking it on another instance takes effect within this time. 0 = no cache.
   */
  keyCacheTtlMs: number;
  /** `STEREOS_CACHE_MAX_BYTES`, default 64 MiB: bound of the in-memory response cache. */
  cacheMaxBytes: number;
  /** `STEREOS_DASHBOARD`, default true: the web dashboard at `/dashboard` (docs/dashboard.md). */
  dashboard: boolean;
  /**
   * Where the CLI keeps its state: `DATABASE_URL` (PostgreSQL), `REDIS_URL`, and
   * `STEREOS_DATA_DIR` (the embedded SQLite file's folder, default `./.stereos`).
   */
  stores: StoreLocation;
  /** `STEREOS_MODEL_MAP`: models served instead of others on `/v1/messages` (see `model-map.ts`). */
  modelMap: ModelMap;
}

/** Defaults of the variables above. */
export const CONFIG_DEFAULTS = {
  HOST: '0.0.0.0',
  PORT: 3000,
  REQUEST_TIMEOUT_SECS: 120,
  UPSTREAM_MAX_RETRIES: DEFAULT_RETRY.maxRetries,
  UPSTREAM_RETRY_BASE_DELAY_MS: DEFAULT_RETRY.baseDelayMs,
  MAX_BODY_BYTES: 10 * 1024 * 1024,
  STEREOS_MAX_UPLOAD_BYTES: 25 * 1024 * 1024,
  LOG_EVENTS: true,
  STEREOS_SHUTDOWN_GRACE_SECS: 10,
  STEREOS_ALLOW_ANONYMOUS: false,
  STEREOS_KEY_CACHE_TTL_SECS: 5,
  STEREOS_CACHE_MAX_BYTES: 64 * 1024 * 1024,
  STEREOS_DASHBOARD: true,
} as const;

/** An environment: `process.env`, a Workers `env` binding, or a test's plain object. */
export type Env = Record<string, string | undefined>;

const integer = (min: number, max: number, expected: string) =>
  z.coerce
    .number({ error: expected })
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, expected);

// Digits only: `Number()` would also take `0x50`, `1e3` or `80.0` for a port.
const port = (expected: string) =>
  z
    .string()
    .refine((s) => /^\d{1,5}$/.test(s) && isPort(Number(s)), expected)
    .transform(Number);

/** A TCP port a server can be told to listen on (0, "any free port", is not one). */
function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65_535;
}

const positiveNumber = (expected: string) =>
  z.coerce.number({ error: expected }).refine((n) => Number.isFinite(n) && n > 0, expected);

const TRUE_VALUES = new Set(['true', '1', 'yes', 'on']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'off']);

const boolean = (expected: string) =>
  z
    .string()
    .transform((s) => s.toLowerCase())
    .refine((s) => TRUE_VALUES.has(s) || FALSE_VALUES.has(s), expected)
    .transform((s) => TRUE_VALUES.has(s));

const httpUrl = z
  .string()
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'expected an http(s) URL');

const urlOf = (schemes: RegExp, expected: string) =>
  z.string().refine((s) => schemes.test(s) && URL.canParse(s), expected);

/** Variables whose values may be echoed in an error message (never keys). */
const envSchema = z.object({
  HOST: z.string().default(CONFIG_DEFAULTS.HOST),
  PORT: port('expected an integer port between 1 and 65535').default(CONFIG_DEFAULTS.PORT),
  REQUEST_TIMEOUT_SECS: positiveNumber('expected a number of seconds greater than 0').default(
    CONFIG_DEFAULTS.REQUEST_TIMEOUT_SECS,
  ),
  UPSTREAM_MAX_RETRIES: integer(0, 100, 'expected an integer between 0 and 100').default(
    CONFIG_DEFAULTS.UPSTREAM_MAX_RETRIES,
  ),
  UPSTREAM_RETRY_BASE_DELAY_MS: integer(
    0,
    600_000,
    'expected an integer number of milliseconds between 0 and 600000',
  ).default(CONFIG_DEFAULTS.UPSTREAM_RETRY_BASE_DELAY_MS),
  MAX_BODY_BYTES: integer(
    1,
    Number.MAX_SAFE_INTEGER,
    'expected a positive integer of bytes',
  ).default(CONFIG_DEFAULTS.MAX_BODY_BYTES),
  STEREOS_MAX_UPLOAD_BYTES: integer(
    1,
    Number.MAX_SAFE_INTEGER,
    'expected a positive integer of bytes',
  ).default(CONFIG_DEFAULTS.STEREOS_MAX_UPLOAD_BYTES),
  LOG_EVENTS: boolean('expected true or false').default(CONFIG_DEFAULTS.LOG_EVENTS),
  STEREOS_SHUTDOWN_GRACE_SECS: z.coerce
    .number({ error: 'expected a number of seconds from 0 to 3600' })
    .refine(
      (n) => Number.isFinite(n) && n >= 0 && n <= 3600,
      'expected a number of seconds from 0 to 3600',
    )
    .default(CONFIG_DEFAULTS.STEREOS_SHUTDOWN_GRACE_SECS),
  STEREOS_ALLOW_ANONYMOUS: boolean('expected true or false').default(
    CONFIG_DEFAULTS.STEREOS_ALLOW_ANONYMOUS,
  ),
  DATABASE_URL: urlOf(/^postgres(ql)?:\/\//i, 'expected a postgres:// URL').optional(),
  REDIS_URL: urlOf(/^rediss?:\/\//i, 'expected a redis:// or rediss:// URL').optional(),
  STEREOS_DATA_DIR: z.string().optional(),
  STEREOS_KEY_CACHE_TTL_SECS: z.coerce
    .number({ error: 'expected a number of seconds from 0 to 3600' })
    .refine(
      (n) => Number.isFinite(n) && n >= 0 && n <= 3600,
      'expected a number of seconds from 0 to 3600',
    )
    .default(CONFIG_DEFAULTS.STEREOS_KEY_CACHE_TTL_SECS),
  STEREOS_CACHE_MAX_BYTES: integer(
    1,
    Number.MAX_SAFE_INTEGER,
    'expected a positive integer of bytes',
  ).default(CONFIG_DEFAULTS.STEREOS_CACHE_MAX_BYTES),
  STEREOS_DASHBOARD: boolean('expected true or false').default(CONFIG_DEFAULTS.STEREOS_DASHBOARD),
  ...policyEnvSchema,
  ...Object.fromEntries(PROVIDERS.map((p) => [p.baseUrlEnv, httpUrl.optional()])),
});

/**
 * Parses the server's configuration from an environment (the documented names and defaults).
 * Empty values count as unset. Throws `ConfigError` with one line naming the first bad
 * variable, e.g. `Invalid PORT 'abc': expected an integer port between 1 and 65535.`
 */
export function loadConfig(env: Env = defaultEnv()): ServerConfig {
  const values = withoutBlanks(env);
  const parsed = envSchema.safeParse(values);
  if (!parsed.success) throw configError(parsed.error, values);
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    requestTimeoutMs: Math.round(e.REQUEST_TIMEOUT_SECS * 1000),
    retry: { maxRetries: e.UPSTREAM_MAX_RETRIES, baseDelayMs: e.UPSTREAM_RETRY_BASE_DELAY_MS },
    gatewayApiKeys: parseGatewayKeys(values.GATEWAY_API_KEYS),
    allowAnonymous: e.STEREOS_ALLOW_ANONYMOUS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxUploadBytes: e.STEREOS_MAX_UPLOAD_BYTES,
    logEvents: e.LOG_EVENTS,
    shutdownGraceMs: Math.round(e.STEREOS_SHUTDOWN_GRACE_SECS * 1000),
    providers: resolveProviderConfigs(values),
    policy: policyConfigOf(e),
    masterKey: parseMasterKey(values.STEREOS_MASTER_KEY),
    keyCacheTtlMs: Math.round(e.STEREOS_KEY_CACHE_TTL_SECS * 1000),
    cacheMaxBytes: e.STEREOS_CACHE_MAX_BYTES,
    dashboard: e.STEREOS_DASHBOARD,
    stores: {
      databaseUrl: e.DATABASE_URL,
      redisUrl: e.REDIS_URL,
      dataDir: e.STEREOS_DATA_DIR,
      cacheMaxBytes: e.STEREOS_CACHE_MAX_BYTES,
    },
    modelMap: parseModelMap(values.STEREOS_MODEL_MAP),
  };
}

/** Shortest master key accepted: it guards every key and all usage, so no toy values. */
export const MIN_MASTER_KEY_LENGTH = 16;

/** `STEREOS_MASTER_KEY`, checked apart from the other variables: its value is never echoed. */
function parseMasterKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < MIN_MASTER_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigError(
      'STEREOS_MASTER_KEY',
      `Invalid STEREOS_MASTER_KEY: expected at least ${MIN_MASTER_KEY_LENGTH} printable ASCII characters without spaces (e.g. openssl rand -hex 32).`,
    );
  }
  return value;
}

/**
 * `a, b,,c` → `['a', 'b', 'c']`: spaces around commas and empty entries are ignored. A value
 * with separators but no key (`, ,`) is a mistake, not "unset": silently falling back to
 * passthrough would open the gateway the operator meant to close. The value is never echoed.
 */
function parseGatewayKeys(value: string | undefined): string[] {
  if (value === undefined) return [];
  const keys = value
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (keys.length === 0) {
    throw new ConfigError(
      'GATEWAY_API_KEYS',
      'Invalid GATEWAY_API_KEYS: set but holds no key; expected comma-separated keys (unset it for passthrough mode).',
    );
  }
  return keys;
}

function withoutBlanks(env: Env): Env {
  const out: Env = {};
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed) out[name] = trimmed;
  }
  return out;
}

function configError(error: z.ZodError, env: Env): ConfigError {
  const issue = error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const value = env[variable];
  // A base URL may carry credentials (`user:pass@`, `?key=`): never print them.
  const shown = value === undefined ? '' : ` '${redactSecrets(value)}'`;
  const expected = issue?.message ?? 'invalid value';
  return new ConfigError(variable, `Invalid ${variable}${shown}: ${expected}.`);
}

// `process` is absent on Workers; there the caller passes the `env` binding instead.
function defaultEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}
