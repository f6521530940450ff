import {
  type BudgetAlerts,
  type BudgetGuard,
  type BudgetStore,
  createBudgetGuard,
  type GatewayEventSink,
  type PriceTable,
} from '@stereos/core';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../errors/api-error';
import type { RateLimiter, RateLimitResult, VirtualKeyRecord } from '../stores/store-contracts';
import { type CallSubject, mergeKeySubject } from './merge-key-subject';
import { modelAllowed } from './model-globs';
import { prefixedBudgetStore } from './prefixed-budget-store';
import { rateLimitHeaders, retryAfterSeconds } from './rate-limit-headers';

/** RPM and TPM are per minute. */
const MINUTE_MS = 60_000;
/** Keys whose tokens are counted, remembered at most (a bounded set of recent keys). */
const MAX_TRACKED = 10_000;
/** Longest model id quoted in an error message. */
const MAX_QUOTED = 256;

export interface KeyPolicyOptions {
  rates: RateLimiter;
  /** Where key budgets keep their spend (scopes are prefixed `vk:` there). */
  budgets: BudgetStore;
  prices?: Pick<PriceTable, 'getModelPrice'> | undefined;
  /** `STEREOS_BUDGET_UNPRICED`: whether a key budget lets unpriced models through. */
  unpricedModels?: 'deny' | 'allow' | undefined;
  /** Warns once per key and window when its spend passes the alert threshold. */
  alerts?: BudgetAlerts | undefined;
}

/** A chat call to admit: who calls, every model it may reach, who it is for. */
export interface AdmitInput {
  auth: AuthContext;
  /** `model` first, then every fallback model (body `models`, `x-stereos-fallback-models`). */
  models: readonly string[];
  subject: CallSubject;
}

/** What an admitted call carries on. */
export interface Admission {
  /** The request's subject with the key's user, tags and metadata merged in. */
  subject: CallSubject;
  /** The key's budget, reserved by the engine with the global one (a refusal is its 402). */
  budgets: BudgetGuard[] | undefined;
  /** Rate-limit headers for the answer, when the key has limits. */
  headers: Record<string, string> | undefined;
}

/** The per-key policy of chat calls made with a stored virtual key. */
export interface KeyPolicy {
  /** Checks models and rate limits (throws 403 / 429); returns what the call carries. */
  admit(input: AdmitInput): Promise<Admission>;
  /** Counts each finished call's tokens against its key's TPM window (after the call). */
  readonly sink: GatewayEventSink;
}

/**
 * Per-key governance: allowed models (globs over `model` and every fallback model, so a
 * fallback cannot smuggle in a forbidden model), requests and tokens per minute, and the key's
 * own budget. Calls with other keys (GATEWAY_API_KEYS, the master key, passthrough) pass
 * unchanged. The order keeps refusals cheap: model check first, then the token window (read,
 * not counted), then the request window (counted only when everything else passed).
 */
export function createKeyPolicy(options: KeyPolicyOptions): KeyPolicy {
  const keyBudgets = prefixedBudgetStore(options.budgets, 'vk:');
  const tracked = new Set<string>();

  function track(keyId: string) {
    if (tracked.has(keyId)) return;
    if (tracked.size >= MAX_TRACKED) tracked.delete(tracked.values().next().value as string);
    tracked.add(keyId);
  }

  return {
    async admit({ auth, models, subject }) {
      const key = auth.key;
      if (!key) return { subject, budgets: undefined, headers: undefined };
      for (const model of models) {
        if (!modelAllowed(key.models, model)) throw modelNotAllowed(model);
      }
      const headers = await checkRates(key);
      if (key.tpm !== undefined) track(key.id);
      return {
        subject: mergeKeySubject(key, subject),
        budgets: key.budget && [
          createBudgetGuard(
            {
              limitUsd: key.budget.limitUsd,
              period: key.budget.period,
              scope: 'key',
              store: keyBudgets,
              unpricedModels: options.unpricedModels,
              alerts: options.alerts,
            },
            options.prices,
          ),
        ],
        headers,
      };
    },
    sink(event) {
      if (event.keyId === undefined || !tracked.has(event.keyId)) return;
      const tokens = event.inputTokens + event.outputTokens;
      if (tokens > 0) return options.rates.add(tpmKey(event.keyId), tokens, MINUTE_MS);
    },
  };

  async function checkRates(key: VirtualKeyRecord): Promise<Record<string, string> | undefined> {
    if (key.rpm === undefined && key.tpm === undefined) return undefined;
    const headers: Record<string, string> = {};
    if (key.tpm !== undefined) {
      // Tokens are counted after each call, so this only asks whether the window has room.
      const tokens = await options.rates.hit(tpmKey(key.id), 0, key.tpm, MINUTE_MS);
      rateLimitHeaders('tokens', tokens, headers);
      if (!tokens.ok || tokens.remaining <= 0) throw rateLimited('tokens', tokens, headers);
    }
    if (key.rpm !== undefined) {
      const requests = await options.rates.hit(`rpm:${key.id}`, 1, key.rpm, MINUTE_MS);
      rateLimitHeaders('requests', requests, headers);
      if (!requests.ok) throw rateLimited('requests', requests, headers);
    }
    return headers;
  }
}

function tpmKey(keyId: string): string {
  return `tpm:${keyId}`;
}

function modelNotAllowed(model: string): ApiError {
  const quoted = model.length > MAX_QUOTED ? `${model.slice(0, MAX_QUOTED)}…` : model;
  return new ApiError({
    status: 403,
    type: 'permission_error',
    code: 'model_not_allowed',
    param: 'model',
    message: `This API key is not allowed to use the model '${quoted}'.`,
  });
}

/** OpenAI's 429 shape: `type` names the limit (`requests` / `tokens`), `code` is fixed. */
function rateLimited(
  kind: 'requests' | 'tokens',
  result: RateLimitResult,
  headers: Record<string, string>,
): ApiError {
  const retryAfter = retryAfterSeconds(result.resetMs);
  const unit = kind === 'requests' ? 'requests per minute (RPM)' : 'tokens per minute (TPM)';
  return new ApiError({
    status: 429,
    type: kind,
    code: 'rate_limit_exceeded',
    message: `Rate limit reached for ${unit} on this API key: limit ${result.limit}. Please try again in ${retryAfter}s.`,
    headers: { ...headers, 'retry-after': String(retryAfter) },
  });
}
