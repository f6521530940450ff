import type { MatchLogic, ModelInfo } from '@pydantic/genai-prices';
import { PRICE_MODELS_JSON, PRICE_PROVIDERS_JSON } from './price-data';

/*
 * Internal: finds a model in the price data (`price-data.ts`, generated from
 * @pydantic/genai-prices) the way the package's `calcPrice` does (its `findProvider` and model
 * matching, https://github.com/pydantic/genai-prices/tree/main/packages/js), without loading the
 * package: the data is parsed one provider at a time, on first use. `price-lookup.test.ts`
 * checks every model of the data against the package itself.
 */

/** A provider of the price data: its id and how a provider id or a model id selects it. */
export interface PriceProviderRecord {
  id: string;
  provider_match?: MatchLogic;
  model_match?: MatchLogic;
  /** Providers whose models this one serves too (e.g. OpenRouter → the creators). */
  fallback_model_providers?: string[];
}

/** A model of the price data. */
export interface PriceModelRecord {
  id: string;
  match: MatchLogic;
  prices: ModelInfo['prices'];
  /** Price entries (indexes; 0 when `prices` is not a list) the package refuses to price with. */
  invalid?: number[];
}

/** A provider with its models, as found. */
export interface PriceProvider extends PriceProviderRecord {
  models: PriceModelRecord[];
}

let providers: PriceProviderRecord[] | undefined;
const models = new Map<number, PriceModelRecord[]>();

function allProviders(): PriceProviderRecord[] {
  providers ??= JSON.parse(PRICE_PROVIDERS_JSON) as PriceProviderRecord[];
  return providers;
}

function modelsOf(index: number): PriceModelRecord[] {
  let list = models.get(index);
  if (!list) {
    list = JSON.parse(PRICE_MODELS_JSON[index] ?? '[]') as PriceModelRecord[];
    models.set(index, list);
  }
  return list;
}

/** The package's match rules; `text` is already lowercased by the callers, as there. */
export function matchesRule(rule: MatchLogic, text: string): boolean {
  if ('or' in rule) return rule.or.some((r) => matchesRule(r, text));
  if ('and' in rule) return rule.and.every((r) => matchesRule(r, text));
  const lower = text.toLowerCase();
  if ('equals' in rule) return lower === rule.equals.toLowerCase();
  if ('starts_with' in rule) return lower.startsWith(rule.starts_with.toLowerCase());
  if ('ends_with' in rule) return lower.endsWith(rule.ends_with.toLowerCase());
  if ('contains' in rule) return lower.includes(rule.contains.toLowerCase());
  if ('regex' in rule) return new RegExp(rule.regex).test(text);
  return false;
}

/** By id, else by the providers' `provider_match` rules. */
function providerById(providerId: string): number {
  const id = providerId.toLowerCase().trim();
  const all = allProviders();
  const exact = all.findIndex((p) => p.id === id);
  if (exact >= 0) return exact;
  return all.findIndex((p) => p.provider_match !== undefined && matchesRule(p.provider_match, id));
}

function findProvider(modelId: string, providerId: string | undefined): number {
  if (providerId) {
    const found = providerById(providerId);
    if (found >= 0 || providerId.toLowerCase() !== 'litellm') return found;
  }
  return allProviders().findIndex(
    (p) => p.model_match !== undefined && matchesRule(p.model_match, modelId),
  );
}

/** The provider's own model, else one of its fallback providers' (one level, as the package). */
function findModel(
  index: number,
  modelId: string,
  withFallbacks: boolean,
): PriceModelRecord | undefined {
  const own = modelsOf(index).find((m) => matchesRule(m.match, modelId));
  if (own) return own;
  if (!withFallbacks) return undefined;
  const all = allProviders();
  for (const fallbackId of all[index]?.fallback_model_providers ?? []) {
    const fallback = all.findIndex((p) => p.id === fallbackId);
    if (fallback < 0) continue;
    const found = findModel(fallback, modelId, false);
    if (found) return found;
  }
  return undefined;
}

// `-20250514` in a model id is also tried as `-2025-05-14` (and the other way round in the data).
const COMPACT_DATE = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

function withDashedDates(modelId: string): string {
  return modelId.replace(COMPACT_DATE, (whole, dash, y, m, d) => {
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    const valid =
      date.getUTCFullYear() === Number(y) &&
      date.getUTCMonth() === Number(m) - 1 &&
      date.getUTCDate() === Number(d);
    return valid ? `${dash}${y}-${m}-${d}` : whole;
  });
}

/**
 * The model `calcPrice(usage, model, { providerId })` would price, or undefined when it would
 * find none. `providerId` is a genai-prices provider id; without one the model id picks it.
 */
export function matchPriceModel(
  model: string,
  providerId: string | undefined,
): PriceModelRecord | undefined {
  let modelId = model.toLowerCase().trim();
  let ownerId = providerId;
  // LiteLLM-style `provider/model` ids name their provider.
  if (ownerId?.toLowerCase() === 'litellm' && modelId.includes('/')) {
    const slash = modelId.indexOf('/');
    const prefix = modelId.slice(0, slash);
    const rest = modelId.slice(slash + 1);
    if (prefix && rest && providerById(prefix) >= 0) {
      ownerId = prefix;
      modelId = rest;
    }
  }
  const index = findProvider(modelId, ownerId);
  if (index < 0) return undefined;
  const found = findModel(index, modelId, true);
  if (found) return found;
  const dashed = withDashedDates(modelId);
  return dashed === modelId ? undefined : findModel(index, dashed, true);
}
