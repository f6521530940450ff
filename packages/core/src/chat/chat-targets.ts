import type { ProviderId, ProviderSpec } from '../catalog/providers';
import { routeModel } from '../catalog/route-model';
import { MissingProviderKeyError } from '../errors/missing-provider-key-error';
import { PROVIDER_KEY_HEADER_PREFIX } from '../protocol';
import type { ProviderConfigs } from '../upstream/provider-config';

/** One model of a call's fallback list, routed and configured. */
export interface ChatTarget {
  requestedModel: string;
  provider: ProviderSpec;
  upstreamModel: string;
  baseURL: string;
  /** The key for this target's provider; undefined when none may be used (the attempt fails). */
  apiKey: string | undefined;
  /** Why there is no key, for the error the attempt fails with. */
  missingKey?: MissingProviderKeyError | undefined;
}

/** Which provider keys a call may use. */
export interface ChatCredentials {
  /** Passthrough: the caller's own key. It goes to the provider of the first model only. */
  callerKey?: string | undefined;
  /** Passthrough: the caller's keys for other providers (`x-stereos-key-<provider>`). */
  providerKeys?: Partial<Record<ProviderId, string>> | undefined;
  /** Whether the operator's configured keys may be used (gateway-key callers, or opted in). */
  useConfiguredKeys: boolean;
}

/**
 * Routes the requested model and its fallbacks (duplicates dropped, first kept). Throws
 * `UnknownProviderError` / `InvalidModelError` for a model no provider serves. A caller's key
 * goes only to the provider it was given for; a target of another provider uses the caller's key
 * for it, else a configured key when allowed, else it has none and is skipped when tried.
 */
export function resolveChatTargets(
  models: readonly string[],
  configs: ProviderConfigs,
  credentials: ChatCredentials,
): ChatTarget[] {
  const unique = [...new Set(models)];
  const routes = unique.map((model) => ({ model, ...routeModel(model) }));
  const callerProvider = routes[0]?.provider.id;
  return routes.map(({ model, provider, upstreamModel }) => {
    const config = configs[provider.id];
    const callerKey =
      credentials.providerKeys?.[provider.id] ??
      (provider.id === callerProvider ? credentials.callerKey : undefined);
    const apiKey = callerKey ?? (credentials.useConfiguredKeys ? config?.apiKey : undefined);
    return {
      requestedModel: model,
      provider,
      upstreamModel,
      baseURL: config?.baseURL ?? provider.defaultBaseURL,
      apiKey,
      missingKey: apiKey ? undefined : missingKeyError(provider, callerProvider, credentials),
    };
  });
}

function missingKeyError(
  provider: ProviderSpec,
  callerProvider: string | undefined,
  credentials: ChatCredentials,
): MissingProviderKeyError {
  const header = `${PROVIDER_KEY_HEADER_PREFIX}${provider.id}`;
  const message =
    credentials.callerKey !== undefined && provider.id !== callerProvider
      ? `No key for provider ${provider.id}: the bearer key was given for ${callerProvider} and ` +
        `is sent only there. Send a ${provider.name} key as \`${header}\`.`
      : credentials.useConfiguredKeys
        ? `The gateway has no key for provider ${provider.id}: set ${provider.apiKeyEnv} on the ` +
          'gateway.'
        : `No key for provider ${provider.id}: send the ${provider.name} key as the bearer ` +
          `token (or as \`${header}\`).`;
  return new MissingProviderKeyError({ provider: provider.id, message });
}
