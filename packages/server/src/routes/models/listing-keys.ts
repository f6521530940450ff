import {
  configuredProviders,
  PROVIDER_KEY_HEADER_PREFIX,
  PROVIDERS,
  type ProviderConfigs,
  type ProviderId,
  STEREOS_REQUEST_HEADERS,
} from '@stereos/core';
import type { AuthContext } from '../../auth/auth-context';
import type { HeaderReader } from '../../http/request-headers';

/** Which providers a model list asks, each with the key it sends there. */
export type ListingKeys = Partial<Record<ProviderId, string>>;

/** What decides the keys of one `GET /v1/models`. */
export interface ListingKeysInput {
  auth: AuthContext;
  headers: HeaderReader;
  providers: ProviderConfigs;
  /** `STEREOS_ALLOW_ANONYMOUS`: passthrough callers may be served by the env keys. */
  allowAnonymous: boolean;
  /** `?provider=`: list this provider only. */
  provider?: ProviderId | undefined;
}

const BEARER = /^Bearer\s+(.+)$/i;

/**
 * The keys a model list may use, by the rule chat calls follow: gateway keys (virtual, master,
 * GATEWAY_API_KEYS) list with the operator's env keys; in passthrough mode a caller's key goes
 * only to the provider it was given for, never to another one:
 * - `x-stereos-key-<provider>` → that provider;
 * - `x-api-key` → Anthropic (Anthropic's auth header);
 * - `Authorization: Bearer` → Anthropic when the request comes from an Anthropic client (it
 *   sends `anthropic-version`; `@anthropic-ai/sdk` and `ANTHROPIC_AUTH_TOKEN` send bearer
 *   keys), else OpenAI, the provider of OpenAI-wire model ids without a prefix;
 * - with `?provider=X`, the caller names the provider of its key, as `model` does for a chat
 *   call: `x-stereos-key-X`, else the caller's key.
 * Env keys fill in only for the providers a caller has no key for, and only when anonymous use
 * is allowed.
 */
export function listingKeys(input: ListingKeysInput): ListingKeys {
  const { auth, providers, provider } = input;
  const envKeys = (): ListingKeys =>
    Object.fromEntries(configuredProviders(providers).map((id) => [id, providers[id].apiKey]));
  if (auth.mode === 'gateway') return only(envKeys(), provider);

  const keys = headerKeys(input.headers);
  if (provider && !keys[provider] && auth.providerKey) keys[provider] = auth.providerKey;
  const all = input.allowAnonymous ? { ...envKeys(), ...keys } : keys;
  return only(all, provider);
}

/** The caller's keys, by the header each came in. */
function headerKeys(headers: HeaderReader): ListingKeys {
  const keys: ListingKeys = {};
  const bearer =
    headers.get(STEREOS_REQUEST_HEADERS.virtualKey)?.trim() ||
    BEARER.exec(headers.get('authorization')?.trim() ?? '')?.[1]?.trim();
  const apiKey = headers.get('x-api-key')?.trim();
  if (bearer) keys[headers.get('anthropic-version') ? 'anthropic' : 'openai'] = bearer;
  if (apiKey) keys.anthropic = apiKey;
  for (const { id } of PROVIDERS) {
    const key = headers.get(`${PROVIDER_KEY_HEADER_PREFIX}${id}`)?.trim();
    if (key) keys[id] = key;
  }
  return keys;
}

function only(keys: ListingKeys, provider: ProviderId | undefined): ListingKeys {
  if (!provider) return keys;
  const key = keys[provider];
  return key ? { [provider]: key } : {};
}
