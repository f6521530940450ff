import {
  configuredProviders,
  getProvider,
  type ListedModel,
  listProviderModels,
  type ProviderConfigs,
  type ProviderId,
  redactSecrets,
  toGatewayCallError,
} from '@stereos/core';
import type { AuthContext } from '../../auth/auth-context';

/** What listing needs besides the provider (one request's view). */
export interface ListModelsContext {
  providers: ProviderConfigs;
  auth: AuthContext;
  fetch?: typeof fetch | undefined;
  signal: AbortSignal;
}

/**
 * One provider's models. In passthrough mode the caller's key is that provider's key, falling
 * back to the env key (only when anonymous use is allowed); in gateway mode the env key. An upstream
 * failure becomes the client error core would give for a chat call (4xx as is, 5xx → 502, …).
 */
export async function listOneProvider(
  id: ProviderId,
  ctx: ListModelsContext,
): Promise<ListedModel[]> {
  const config = ctx.providers[id];
  const passthroughKey = ctx.auth.mode === 'passthrough' ? ctx.auth.providerKey : undefined;
  try {
    return await listProviderModels({
      provider: getProvider(id),
      baseURL: config.baseURL,
      apiKey: passthroughKey ?? config.apiKey,
      fetch: ctx.fetch,
      signal: ctx.signal,
    });
  } catch (error) {
    throw toGatewayCallError(error, { signal: ctx.signal, provider: id });
  }
}

/**
 * Every provider with an env key, ids prefixed (`groq/llama-…`) so each one routes back to the
 * provider that listed it. Listed in parallel; a failing provider is logged and left out instead
 * of failing the whole list.
 */
export async function listAllProviders(ctx: ListModelsContext): Promise<ListedModel[]> {
  const ids = configuredProviders(ctx.providers);
  const results = await Promise.allSettled(
    ids.map((id) =>
      listProviderModels({
        provider: getProvider(id),
        baseURL: ctx.providers[id].baseURL,
        apiKey: ctx.providers[id].apiKey,
        fetch: ctx.fetch,
        signal: ctx.signal,
        prefixIds: true,
      }),
    ),
  );
  const models: ListedModel[] = [];
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') models.push(...result.value);
    else logListFailure(ids[i] as ProviderId, result.reason, ctx.providers);
  });
  return models;
}

function logListFailure(provider: ProviderId, error: unknown, providers: ProviderConfigs): void {
  const message = error instanceof Error ? error.message : String(error);
  const secrets = Object.values(providers).map((config) => config.apiKey);
  console.warn(
    JSON.stringify({
      level: 'warn',
      msg: 'model_list_failed',
      provider,
      error: redactSecrets(message, secrets),
    }),
  );
}
