import { PROVIDERS, type ProviderId, type ProviderSpec } from './providers';
import { InvalidModelError, UnknownProviderError } from './routing-errors';

/** Where a model id goes. */
export interface RouteResult {
  /** The provider that serves the request. */
  provider: ProviderSpec;
  /** The model id to send upstream (prefix stripped, or the provider's forced model). */
  upstreamModel: string;
  /** True when an explicit `provider/` prefix chose the provider. */
  forced: boolean;
}

/** Maps a requested model id to a provider and upstream model. */
export type ModelRouter = (model: string) => RouteResult;

/**
 * Builds a router over a provider table:
 * 1. `provider/model` with a known provider prefix forces that provider; the prefix is
 *    stripped (`openrouter/meta-llama/llama-3` → OpenRouter, `meta-llama/llama-3`).
 * 2. `x/y` with an unknown prefix `x` throws `UnknownProviderError`.
 * 3. Name rules (`claude*` → Anthropic, `gemini*` → Gemini, `kimi*` → Kimi) keep the id.
 * 4. Everything else goes to `defaultProviderId` (OpenAI).
 * A provider's `forcedModel` (Kimi) replaces the upstream model in every case.
 *
 * Lookups are precomputed: one `indexOf`, one Map hit, then at most a few `startsWith`.
 */
export function createModelRouter(
  providers: readonly ProviderSpec[] = PROVIDERS,
  defaultProviderId: ProviderId = 'openai',
): ModelRouter {
  const forcing = new Map<string, ProviderSpec>();
  const nameRules: { prefix: string; provider: ProviderSpec }[] = [];
  for (const provider of providers) {
    for (const prefix of provider.prefixes) {
      if (prefix.endsWith('/')) forcing.set(prefix.slice(0, -1), provider);
      else nameRules.push({ prefix, provider });
    }
  }
  const fallback = providers.find((p) => p.id === defaultProviderId);
  if (!fallback) throw new Error(`Default provider '${defaultProviderId}' is not in the table`);
  const knownPrefixes = [...forcing.keys()];

  return (model) => {
    if (!model) throw new InvalidModelError(model, 'the model id is empty');
    const slash = model.indexOf('/');
    if (slash !== -1) {
      const prefix = model.slice(0, slash);
      const rest = model.slice(slash + 1);
      if (!prefix) throw new InvalidModelError(model, 'the provider prefix is empty');
      const provider = forcing.get(prefix);
      if (!provider) throw new UnknownProviderError(prefix, knownPrefixes);
      if (!rest) throw new InvalidModelError(model, `no model after '${prefix}/'`);
      return result(provider, rest, true);
    }
    for (const rule of nameRules) {
      if (model.startsWith(rule.prefix)) return result(rule.provider, model, false);
    }
    return result(fallback, model, false);
  };
}

function result(provider: ProviderSpec, model: string, forced: boolean): RouteResult {
  return { provider, upstreamModel: provider.forcedModel ?? model, forced };
}

/** Routes a model id over the built-in provider table. See `createModelRouter`. */
export const routeModel: ModelRouter = createModelRouter();
