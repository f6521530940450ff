import {
  type BudgetOptions,
  type CallLimits,
  DEFAULT_CALL_LIMITS,
  type GatewayRoute,
  type ModelPrice,
  parseGatewayRoutes,
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
  /** `STEREOS_PRICES`: a JSON object of per-million-token prices for models the table lacks. */
  prices: Record<string, ModelPrice> | undefined;
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

const price = z.strictObject({
  inputPerMTok: z.number().nonnegative(),
  outputPerMTok: z.number().nonnegative(),
  cachedInputPerMTok: z.number().nonnegative().optional(),
});

const pricesJson = z.string().transform((text, ctx) => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object' });
    return z.NEVER;
  }
  const parsed = z.record(z.string().min(1), price).safeParse(json);
  if (!parsed.success) {
    ctx.addIssue({
      code: 'custom',
      message:
        'expected {"provider/model": {"inputPerMTok": n, "outputPerMTok": n, "cachedInputPerMTok"?: n}}',
    });
    return z.NEVER;
  }
  return parsed.data;
});

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
    prices: env.STEREOS_PRICES,
    routes: env.STEREOS_ROUTES ?? [],
    alertThreshold: env.STEREOS_BUDGET_ALERT_PERCENT / 100,
  };
}
