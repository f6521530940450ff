import {
  DEFAULT_RETRY,
  PROVIDERS,
  type ProviderConfigs,
  resolveProviderConfigs,
} from '@stereos/core';
import { z } from 'zod';
import { ConfigError } from './config-error';

/** Everything the server reads from its environment, parsed and typed. */
export interface ServerConfig {
  /** `HOST`, default `0.0.0.0`. */
  host: string;
  /** `PORT`, default 3000; 0 picks a free port. */
  port: number;
  /** `REQUEST_TIMEOUT_SECS` (default 120) in milliseconds: the per-attempt upstream timeout. */
  requestTimeoutMs: number;
  /** `UPSTREAM_MAX_RETRIES` (default 2) and `UPSTREAM_RETRY_BASE_DELAY_MS` (default 150). */
  retry: { maxRetries: number; baseDelayMs: number };
  /** `GATEWAY_API_KEYS` (comma-separated). Empty → passthrough auth. */
  gatewayApiKeys: string[];
  /** `MAX_BODY_BYTES`, default 10 MiB: larger request bodies get 413. */
  maxBodyBytes: number;
  /** `LOG_EVENTS`, default true: one JSON line per `GatewayEvent` on stdout. */
  logEvents: boolean;
  /** Every provider's `*_BASE_URL` and `*_API_KEY`. */
  providers: ProviderConfigs;
}

/** Defaults of the variables above (seed 001, plus `MAX_BODY_BYTES` and `LOG_EVENTS`). */
export const CONFIG_DEFAULTS = {
  HOST: '0.0.0.0',
  PORT: 3000,
  REQUEST_TIMEOUT_SECS: 120,
  UPSTREAM_MAX_RETRIES: DEFAULT_RETRY.maxRetries,
  UPSTREAM_RETRY_BASE_DELAY_MS: DEFAULT_RETRY.baseDelayMs,
  MAX_BODY_BYTES: 10 * 1024 * 1024,
  LOG_EVENTS: true,
} as const;

/** An environment: `process.env`, a Workers `env` binding, or a test's plain object. */
export type Env = Record<string, string | undefined>;

const integer = (min: number, max: number, expected: string) =>
  z.coerce
    .number({ error: expected })
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, expected);

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

/** Variables whose values may be echoed in an error message (never keys). */
const envSchema = z.object({
  HOST: z.string().default(CONFIG_DEFAULTS.HOST),
  PORT: integer(0, 65_535, 'expected an integer port between 0 and 65535').default(
    CONFIG_DEFAULTS.PORT,
  ),
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
  LOG_EVENTS: boolean('expected true or false').default(CONFIG_DEFAULTS.LOG_EVENTS),
  ...Object.fromEntries(PROVIDERS.map((p) => [p.baseUrlEnv, httpUrl.optional()])),
});

/**
 * Parses the server's configuration from an environment (seed 001 names and defaults).
 * Empty values count as unset. Throws `ConfigError` with one line naming the first bad
 * variable, e.g. `Invalid PORT 'abc': expected an integer port between 0 and 65535.`
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
    gatewayApiKeys: parseKeyList(values.GATEWAY_API_KEYS),
    maxBodyBytes: e.MAX_BODY_BYTES,
    logEvents: e.LOG_EVENTS,
    providers: resolveProviderConfigs(values),
  };
}

/** `a, b,,c` → `['a', 'b', 'c']`: spaces around commas and empty entries are ignored. */
function parseKeyList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
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
  const shown = value === undefined ? '' : ` '${value}'`;
  const expected = issue?.message ?? 'invalid value';
  return new ConfigError(variable, `Invalid ${variable}${shown}: ${expected}.`);
}

// `process` is absent on Workers; there the caller passes the `env` binding instead.
function defaultEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}
