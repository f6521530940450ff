import {
  type BudgetOptions,
  type CallLimits,
  DEFAULT_CALL_LIMITS,
  type GatewayRoute,
  type ModelPrice,
  parseGatewayRoutes,
  type UnitPrice,
} from '@stereos/core';
import { z } from 'zod';

/** The call policies the server applies to every chat call (budget, caps, prices). */
export interface PolicyConfig {
  /** `STEREOS_BUDGET_USD` (+ `_PERIOD`, `_SCOPE`, `_UNPRICED`); unset → no budget. */
  budget: Omit<BudgetOptions, 'store'> | undefined;
  /** `STEREOS_MAX_FALLBACK_MODELS` (default 5), `STEREOS_MAX_ATTEMPTS` (default 10). */
  limits: CallLimits;
  /** `STEREOS_MAX_RESPONSE_BYTES`, default 16 MiB: a larger non-streaming answer is a 502. */
  maxResponseBytes: number;
  /** `STEREOS_PRICES`: the entries with per-million-token prices (models the table lacks). */
  prices: Record<string, ModelPrice> | undefined;
  /**
   * `STEREOS_PRICES`: the entries with per-unit prices (per image, per 1M characters, per audio
   * minute, per call) for the endpoints beside chat; they win over OpenAI's built-in list.
   */
  unitPrices: Record<string, UnitPrice> | undefined;
  /** `STEREOS_ROUTES`: which models go through Vercel AI Gateway or Cloudflare AI Gateway. */
  routes: GatewayRoute[];
  /** `STEREOS_BUDGET_ALERT_PERCENT` (default 80) as a fraction: warn once per budget window. */
  alertThreshold: number;
}

export const POLICY_DEFAULTS = {
  STEREOS_BUDGET_PERIOD: 'month',
  STEREOS_BUDGET_SCOPE: 'global',
  STEREOS_BUDGET_UNPRICED: 'deny',
  STEREOS_MAX_FALLBACK_MODELS: DEFAULT_CALL_LIMITS.maxTargets,
  STEREOS_MAX_ATTEMPTS: DEFAULT_CALL_LIMITS.maxAttempts,
  STEREOS_MAX_RESPONSE_BYTES: 16 * 1024 * 1024,
} as const;

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected an integer from ${min} to ${max}` })
    .refine(
      (n) => Number.isInteger(n) && n >= min && n <= max,
      `expected an integer from ${min} to ${max}`,
    );

const usd = z.number().nonnegative().finite();

/**
 * One model's price: per million tokens (`inputPerMTok` + `outputPerMTok`), per unit (image,
 * characters, audio minute, call), or both (a unit price then decides the endpoints' cost).
 */
const price = z
  .strictObject({
    inputPerMTok: usd.optional(),
    outputPerMTok: usd.optional(),
    cachedInputPerMTok: usd.optional(),
    perImageUsd: z.union([usd, z.record(z.string().min(1).max(64), usd)]).optional(),
    perMCharactersUsd: usd.optional(),
    perMinuteUsd: usd.optional(),
    perCallUsd: usd.optional(),
  })
  .refine(
    (p) =>
      (p.inputPerMTok === undefined) === (p.outputPerMTok === undefined) &&
      (p.cachedInputPerMTok === undefined || p.inputPerMTok !== undefined) &&
      (p.inputPerMTok !== undefined || UNIT_KEYS.some((key) => p[key] !== undefined)),
  );

const UNIT_KEYS = ['perImageUsd', 'perMCharactersUsd', 'perMinuteUsd', 'perCallUsd'] as const;

const PRICES_SHAPE =
  'expected {"provider/model": {"inputPerMTok": n, "outputPerMTok": n, "cachedInputPerMTok"?: n}} ' +
  'or per-unit prices {"perImageUsd": n | {"1024x1024": n, "hd/1024x1024": n}, ' +
  '"perMCharactersUsd": n, "perMinuteUsd": n, "perCallUsd": n}';

/** The two tables `STEREOS_PRICES` holds: token prices and per-unit prices. */
interface PriceTables {
  tokens: Record<string, ModelPrice>;
  units: Record<string, UnitPrice>;
}

const pricesJson = z.string().transform((text, ctx): PriceTables => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object' });
    return z.NEVER;
  }
  const parsed = z.record(z.string().min(1), price).safeParse(json);
  if (!parsed.success) {
    const at = parsed.error.issues[0]?.path[0];
    ctx.addIssue({
      code: 'custom',
      message: `${at === undefined ? '' : `${String(at)}: `}${PRICES_SHAPE}`,
    });
    return z.NEVER;
  }
  return splitPrices(parsed.data);
});

function splitPrices(entries: Record<string, z.infer<typeof price>>): PriceTables {
  const tables: PriceTables = { tokens: {}, units: {} };
  for (const [model, p] of Object.entries(entries)) {
    if (p.inputPerMTok !== undefined && p.outputPerMTok !== undefined) {
      tables.tokens[model] = {
        inputPerMTok: p.inputPerMTok,
        outputPerMTok: p.outputPerMTok,
        ...(p.cachedInputPerMTok === undefined ? {} : { cachedInputPerMTok: p.cachedInputPerMTok }),
      };
    }
    const unit: UnitPrice = {};
    // One number per image: the same price at every size and quality.
    if (typeof p.perImageUsd === 'number') unit.perImageUsd = { '*': p.perImageUsd };
    else if (p.perImageUsd) unit.perImageUsd = p.perImageUsd;
    if (p.perMCharactersUsd !== undefined) unit.perMCharactersUsd = p.perMCharactersUsd;
    if (p.perMinuteUsd !== undefined) unit.perMinuteUsd = p.perMinuteUsd;
    if (p.perCallUsd !== undefined) unit.perCallUsd = p.perCallUsd;
    if (Object.keys(unit).length > 0) tables.units[model] = unit;
  }
  return tables;
}

/** The policy variables; their values may be echoed in a configuration error. */
export const policyEnvSchema = {
  STEREOS_BUDGET_USD: z.coerce
    .number({ error: 'expected an amount in USD greater than 0' })
    .refine((n) => Number.isFinite(n) && n > 0, 'expected an amount in USD greater than 0')
    .optional(),
  STEREOS_BUDGET_PERIOD: z
    .enum(['day', 'week', 'month', 'total'], { error: 'expected day, week, month or total' })
    .default(POLICY_DEFAULTS.STEREOS_BUDGET_PERIOD),
  STEREOS_BUDGET_SCOPE: z
    .enum(['global', 'key', 'user', 'tag'], { error: 'expected global, key, user or tag' })
    .default(POLICY_DEFAULTS.STEREOS_BUDGET_SCOPE),
  STEREOS_BUDGET_UNPRICED: z
    .enum(['deny', 'allow'], { error: 'expected deny or allow' })
    .default(POLICY_DEFAULTS.STEREOS_BUDGET_UNPRICED),
  STEREOS_MAX_FALLBACK_MODELS: int(1, 20).default(POLICY_DEFAULTS.STEREOS_MAX_FALLBACK_MODELS),
  STEREOS_MAX_ATTEMPTS: int(1, 100).default(POLICY_DEFAULTS.STEREOS_MAX_ATTEMPTS),
  STEREOS_MAX_RESPONSE_BYTES: int(1024, 1024 * 1024 * 1024).default(
    POLICY_DEFAULTS.STEREOS_MAX_RESPONSE_BYTES,
  ),
  STEREOS_PRICES: pricesJson.optional(),
  STEREOS_BUDGET_ALERT_PERCENT: int(0, 100).default(80),
  STEREOS_ROUTES: z
    .string()
    .transform((text, ctx) => {
      try {
        return parseGatewayRoutes(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
};

type PolicyEnv = z.infer<z.ZodObject<typeof policyEnvSchema>>;

/** The policy part of the server's configuration, from its parsed variables. */
export function policyConfigOf(env: PolicyEnv): PolicyConfig {
  return {
    budget:
      env.STEREOS_BUDGET_USD === undefined
        ? undefined
        : {
            limitUsd: env.STEREOS_BUDGET_USD,
            period: env.STEREOS_BUDGET_PERIOD,
            scope: env.STEREOS_BUDGET_SCOPE,
            unpricedModels: env.STEREOS_BUDGET_UNPRICED,
          },
    limits: { maxTargets: env.STEREOS_MAX_FALLBACK_MODELS, maxAttempts: env.STEREOS_MAX_ATTEMPTS },
    maxResponseBytes: env.STEREOS_MAX_RESPONSE_BYTES,
    prices: nonEmpty(env.STEREOS_PRICES?.tokens),
    unitPrices: nonEmpty(env.STEREOS_PRICES?.units),
    routes: env.STEREOS_ROUTES ?? [],
    alertThreshold: env.STEREOS_BUDGET_ALERT_PERCENT / 100,
  };
}

function nonEmpty<T>(table: Record<string, T> | undefined): Record<string, T> | undefined {
  return table && Object.keys(table).length > 0 ? table : undefined;
}
