import { type GatewayRoute, gatewayFor, throughGateway } from '../catalog/gateway-routes';
import type { ProviderId, ProviderSpec } from '../catalog/providers';
import { routeModel } from '../catalog/route-model';
import { MissingProviderKeyError } from '../errors/missing-provider-key-error';
import { PROVIDER_KEY_HEADER_PREFIX } from '../protocol';
import type { ProviderConfigs } from '../upstream/provider-config';

/** One model of a call's fallback list, routed and configured. */
export interface ChatTarget {
  requestedModel: string;
  /** The provider called: the model's own, or the gateway it is routed through. */
  provider: ProviderSpec;
  upstreamModel: string;
  baseURL: string;
  /** The key for the provider called; undefined when none may be used. */
  apiKey: string | undefined;
  /** Extra upstream headers: a provider key through Cloudflare (BYOK), `cf-aig-*` options. */
  headers?: Record<string, string> | undefined;
  /** Why the target cannot be called (no key may be used); the attempt fails with it. */
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

/** How targets are routed beyond the provider table. */
export interface TargetRouting {
  /** Models sent through Vercel AI Gateway or Cloudflare AI Gateway (`claude*=vercel`, …). */
  routes?: readonly GatewayRoute[] | undefined;
  /** `cf-aig-*` options of the caller, for targets served through Cloudflare. */
  cloudflareHeaders?: Record<string, string> | undefined;
  /** `anthropic-version` / `anthropic-beta` of the caller, for Anthropic targets. */
  anthropicHeaders?: Record<string, string> | undefined;
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
  routing: TargetRouting = {},
): ChatTarget[] {
  const unique = [...new Set(models)];
  const routes = unique.map((model) => {
    const native = routeModel(model);
    const via = routing.routes?.length ? gatewayFor(routing.routes, model) : 'direct';
    return { model, native: native.provider, ...throughGateway(native, via) };
  });
  const callerProvider = routes[0]?.native.id;
  const keyFor = (provider: ProviderSpec): string | undefined =>
    credentials.providerKeys?.[provider.id] ??
    (provider.id === callerProvider ? credentials.callerKey : undefined) ??
    (credentials.useConfiguredKeys ? configs[provider.id]?.apiKey : undefined);

  return routes.map(({ model, native, provider, upstreamModel }) => {
    const config = configs[provider.id];
    const target: ChatTarget = {
      requestedModel: model,
      provider,
      upstreamModel,
      baseURL: config?.baseURL ?? provider.defaultBaseURL,
      apiKey: keyFor(provider),
    };
    if (provider.id === 'cloudflare') return throughCloudflare(target, keyFor(native), routing);
    if (provider.wire === 'anthropic' && routing.anthropicHeaders) {
      target.headers = { ...routing.anthropicHeaders };
    }
    if (!target.apiKey) target.missingKey = missingKeyError(provider, callerProvider, credentials);
    return target;
  });
}

/**
 * A target served through Cloudflare AI Gateway: the gateway token (`cf-aig-authorization`)
 * for unified billing or stored keys, and/or the provider's own key as `Authorization` (BYOK).
 * https://developers.cloudflare.com/ai-gateway/configuration/authentication/
 */
function throughCloudflare(
  target: ChatTarget,
  providerKey: string | undefined,
  routing: TargetRouting,
): ChatTarget {
  const headers = { ...routing.cloudflareHeaders };
  if (providerKey) headers['authorization'] = `Bearer ${providerKey}`;
  const missingKey =
    target.apiKey || providerKey
      ? undefined
      : new MissingProviderKeyError({
          provider: 'cloudflare',
          message:
            'No key for Cloudflare AI Gateway: set CF_AIG_TOKEN (or the provider key, for BYOK) ' +
            'on the gateway.',
        });
  return { ...target, headers, missingKey };
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
