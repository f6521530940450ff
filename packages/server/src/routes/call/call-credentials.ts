import {
  type ChatCredentials,
  PROVIDER_KEY_HEADER_PREFIX,
  PROVIDERS,
  type ProviderId,
  routeModel,
} from '@stereos/core';
import type { AuthContext } from '../../auth/auth-context';
import type { HeaderReader } from '../../http/request-headers';

// `x-stereos-key-<provider>` of every provider, named once (read on every passthrough call).
const PROVIDER_KEY_HEADERS = PROVIDERS.map(
  (provider) => [provider.id, `${PROVIDER_KEY_HEADER_PREFIX}${provider.id}`] as const,
);

/**
 * Which provider keys a call may use, as for chat: gateway keys → the operator's env keys;
 * passthrough → the caller's key for the provider of the model, `x-stereos-key-<provider>` keys
 * for the others, env keys only when anonymous use is allowed.
 *
 * `clientModel` is the model the client asked for, when a model map serves another one: a key
 * sent for a Claude model is an Anthropic key, so when the map moves the call to another
 * provider it stays the Anthropic key (used only for Anthropic targets), never sent elsewhere.
 */
export function callCredentials(
  auth: AuthContext,
  headers: HeaderReader,
  allowAnonymous: boolean,
  models: { clientModel: string; servedModel: string },
): ChatCredentials {
  if (auth.mode === 'gateway') return { useConfiguredKeys: true };
  const providerKeys: Partial<Record<ProviderId, string>> = {};
  for (const [id, header] of PROVIDER_KEY_HEADERS) {
    const key = headers.get(header)?.trim();
    if (key) providerKeys[id] = key;
  }
  const callerKey = auth.providerKey;
  // Without a model map (chat, most calls) the served model is the client's: nothing to route.
  const keyProvider =
    models.clientModel === models.servedModel ? undefined : providerOf(models.clientModel);
  if (callerKey !== undefined && keyProvider && keyProvider !== providerOf(models.servedModel)) {
    return {
      providerKeys: { [keyProvider]: callerKey, ...providerKeys },
      useConfiguredKeys: allowAnonymous,
    };
  }
  return { callerKey, providerKeys, useConfiguredKeys: allowAnonymous };
}

function providerOf(model: string): ProviderId | undefined {
  try {
    return routeModel(model).provider.id;
  } catch {
    return undefined;
  }
}
