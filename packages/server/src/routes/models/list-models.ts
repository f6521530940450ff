import {
  getProvider,
  type ListedModel,
  listProviderModels,
  MissingProviderKeyError,
  PROVIDER_KEY_HEADER_PREFIX,
  type ProviderConfigs,
  type ProviderId,
  redactSecrets,
  toGatewayCallError,
} from '@stereos/core';
import type { ListingKeys } from './listing-keys';

/** What listing needs besides the keys (one request's view). */
export interface ListModelsContext {
  providers: ProviderConfigs;
  fetch?: typeof fetch | undefined;
  signal: AbortSignal;
}

/**
 * One provider's models (`?provider=`), ids as that provider names them. No key for it is a 503
 * saying which key to send or set; an upstream failure becomes the client error core would give
 * for a chat call (4xx as is, 5xx → 502, …), the key redacted.
 */
export async function listOneProvider(
  id: ProviderId,
  keys: ListingKeys,
  ctx: ListModelsContext,
): Promise<ListedModel[]> {
  const apiKey = keys[id];
  try {
    if (!apiKey) throw missingKey(id);
    return await listProviderModels({
      provider: getProvider(id),
      baseURL: ctx.providers[id].baseURL,
      apiKey,
      fetch: ctx.fetch,
      signal: ctx.signal,
    });
  } catch (error) {
    throw toGatewayCallError(error, { signal: ctx.signal, provider: id, secrets: [apiKey] });
  }
}

/**
 * Every provider there is a key for, each asked with its own key only, ids prefixed
 * (`groq/llama-…`) so each one routes back to the provider that listed it. Listed in parallel;
 * a failing provider is logged and left out instead of failing the whole list.
 */
export async function listProviders(
  keys: ListingKeys,
  ctx: ListModelsContext,
): Promise<ListedModel[]> {
  const ids = Object.keys(keys) as ProviderId[];
  const results = await Promise.allSettled(
    ids.map((id) =>
      listProviderModels({
        provider: getProvider(id),
        baseURL: ctx.providers[id].baseURL,
        apiKey: keys[id],
        fetch: ctx.fetch,
        signal: ctx.signal,
        prefixIds: true,
      }),
    ),
  );
  const models: ListedModel[] = [];
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') models.push(...result.value);
    else logListFailure(ids[i] as ProviderId, result.reason, keys, ctx.providers);
  });
  return models;
}

function missingKey(id: ProviderId): MissingProviderKeyError {
  const provider = getProvider(id);
  return new MissingProviderKeyError({
    provider: id,
    message:
      `No key for provider ${id}: send the ${provider.name} key as the bearer token (or as ` +
      `\`${PROVIDER_KEY_HEADER_PREFIX}${id}\`), or set ${provider.apiKeyEnv} on a gateway with ` +
      'gateway keys.',
  });
}

function logListFailure(
  provider: ProviderId,
  error: unknown,
  keys: ListingKeys,
  providers: ProviderConfigs,
): void {
  const message = error instanceof Error ? error.message : String(error);
  const secrets = [...Object.values(providers).map((c) => c.apiKey), ...Object.values(keys)];
  console.warn(
    JSON.stringify({
      level: 'warn',
      msg: 'model_list_failed',
      provider,
      error: redactSecrets(message, secrets),
    }),
  );
}
