import { createGatewayProvider, type GatewayProvider } from '@ai-sdk/gateway';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { vercelApiKey, vercelBaseURL } from './vercel-endpoint';

/** How a Vercel model reaches the gateway; unset values are read when a call is made. */
export interface VercelModelSettings {
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  headers?: Record<string, string> | undefined;
  fetch?: FetchFunction | undefined;
}

/**
 * `@ai-sdk/gateway`'s provider for one call: the endpoint and key are read from the settings,
 * else the environment, when the call is made, so no state is shared between calls.
 */
export function vercelGatewayProvider(settings: VercelModelSettings): GatewayProvider {
  return createGatewayProvider({
    apiKey: vercelApiKey(settings.apiKey),
    baseURL: vercelBaseURL(settings.baseURL),
    ...(settings.headers ? { headers: settings.headers } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
}
