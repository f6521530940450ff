import type { ProviderSpec } from '../catalog/providers';
import { routeModel } from '../catalog/route-model';
import type { ProviderConfigs } from '../upstream/provider-config';

/** One model of a call's fallback list, routed and configured. */
export interface ChatTarget {
  requestedModel: string;
  provider: ProviderSpec;
  upstreamModel: string;
  baseURL: string;
  apiKey: string | undefined;
}

/**
 * Routes the requested model and its fallbacks. Throws `UnknownProviderError` /
 * `InvalidModelError` for a model no provider serves. A passthrough key (seed 001: the client's
 * bearer is the provider key) wins over configured keys.
 */
export function resolveChatTargets(
  models: readonly string[],
  configs: ProviderConfigs,
  passthroughKey: string | undefined,
): ChatTarget[] {
  return models.map((requestedModel) => {
    const { provider, upstreamModel } = routeModel(requestedModel);
    const config = configs[provider.id];
    return {
      requestedModel,
      provider,
      upstreamModel,
      baseURL: config?.baseURL ?? provider.defaultBaseURL,
      apiKey: passthroughKey ?? config?.apiKey,
    };
  });
}

/** No key for a provider: not retried, but the next target may have one. */
export class MissingProviderKeyError extends Error {
  override readonly name = 'MissingProviderKeyError';
  readonly status = 401;
  constructor(provider: ProviderSpec) {
    super(
      `No API key for provider ${provider.id}: set ${provider.apiKeyEnv} on the gateway, ` +
        'or send the provider key as the bearer token when no gateway keys are configured.',
    );
  }
}
