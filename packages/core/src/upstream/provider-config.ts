import { PROVIDERS, type ProviderId } from '../catalog/providers';
import { stripTrailingSlashes } from '../util/join-url';

/** Where and with which key to call one provider. */
export interface ProviderConfig {
  /** Base URL without a trailing slash. */
  baseURL: string;
  /** Provider key from env; absent when unset or empty. */
  apiKey?: string;
}

/** Config of every provider in the table. */
export type ProviderConfigs = Record<ProviderId, ProviderConfig>;

/**
 * Reads each provider's `*_BASE_URL` and `*_API_KEY` (names from the provider table).
 * Empty or whitespace-only values count as unset; trailing slashes are stripped.
 */
export function resolveProviderConfigs(env: Record<string, string | undefined>): ProviderConfigs {
  const configs = {} as ProviderConfigs;
  for (const provider of PROVIDERS) {
    const baseURL = stripTrailingSlashes(
      readEnv(env, provider.baseUrlEnv) ??
        defaultBaseURLOf(provider.id, env) ??
        provider.defaultBaseURL,
    );
    const apiKey = readEnv(env, provider.apiKeyEnv) ?? readEnv(env, ALTERNATE_KEY_ENV[provider.id]);
    configs[provider.id] = apiKey === undefined ? { baseURL } : { baseURL, apiKey };
  }
  return configs;
}

/** Other names a provider's key goes by: Vercel documents `AI_GATEWAY_API_KEY`. */
const ALTERNATE_KEY_ENV: Partial<Record<ProviderId, string>> = { vercel: 'AI_GATEWAY_API_KEY' };

/**
 * Cloudflare AI Gateway's unified endpoint is per account and gateway:
 * https://developers.cloudflare.com/ai-gateway/usage/chat-completion/
 */
function defaultBaseURLOf(id: ProviderId, env: Record<string, string | undefined>) {
  if (id !== 'cloudflare') return undefined;
  const account = readEnv(env, 'CLOUDFLARE_ACCOUNT_ID');
  const gateway = readEnv(env, 'CLOUDFLARE_GATEWAY_ID');
  if (!account || !gateway) return undefined;
  return `https://gateway.ai.cloudflare.com/v1/${encodeURIComponent(account)}/${encodeURIComponent(gateway)}/compat`;
}

/** Ids of the providers that have a key, in table order. */
export function configuredProviders(configs: Partial<ProviderConfigs>): ProviderId[] {
  return PROVIDERS.filter((p) => configs[p.id]?.apiKey).map((p) => p.id);
}

function readEnv(
  env: Record<string, string | undefined>,
  name: string | undefined,
): string | undefined {
  if (name === undefined) return undefined;
  // Trimmed: keys pasted into env files often carry a newline, which is no valid header value.
  const value = env[name]?.trim();
  return value ? value : undefined;
}
