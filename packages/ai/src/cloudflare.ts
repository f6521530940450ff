import type { FetchFunction } from '@ai-sdk/provider-utils';
import { CloudflareLanguageModel } from './cloudflare-language-model';
import { parseCloudflareModelId } from './cloudflare-models';
import { type CloudflareRequestOptions, validateCloudflareOptions } from './cloudflare-options';
import { resolveConnection } from './cloudflare-transport';
import { processEnv } from './environment';
import type { StereosGateway } from './gateway';

export type { CloudflareRequestOptions } from './cloudflare-options';

/** Options of `createCloudflareGateway`. */
export interface CloudflareGatewayOptions {
  /** Cloudflare account id. Default `$CLOUDFLARE_ACCOUNT_ID`, read when a call is made. */
  accountId?: string;
  /** The AI Gateway's id (its name). Default `$CLOUDFLARE_GATEWAY_ID`, read when a call is made. */
  gateway?: string;
  /**
   * The gateway token, sent as `cf-aig-authorization: Bearer …` (authenticated gateways, unified
   * billing). Default `$CF_AIG_TOKEN`, read when a call is made.
   */
  apiKey?: string;
  /**
   * Bring your own provider keys, sent with each request for that provider only, by Stereos
   * provider id or Cloudflare slug: `{ openai: 'sk-…', anthropic: 'sk-ant-…' }`. Leave out to
   * use keys stored in Cloudflare (BYOK) or unified billing.
   */
  providerKeys?: Record<string, string | undefined>;
  /** Default `https://gateway.ai.cloudflare.com/v1`; the account and gateway ids are appended. */
  baseURL?: string;
  /** Custom fetch (tests, proxies). */
  fetch?: FetchFunction;
  /** Gateway options for every request (cache, metadata, logging); calls can override them. */
  options?: CloudflareRequestOptions;
}

/**
 * Cloudflare AI Gateway as a Stereos gateway
 * (https://developers.cloudflare.com/ai-gateway/integrations/vercel-ai-sdk/). Model ids are
 * Cloudflare's unified-API ids: `openai/gpt-4o-mini`, `anthropic/claude-sonnet-4-5`,
 * `dynamic/{route}`; several joined by `,` are steps Cloudflare falls back over in one request.
 * Per call, `providerOptions.cloudflare` sets cache TTL, skip cache, cache key, metadata and log
 * collection. An answer Cloudflare served from its cache (`cf-aig-cache-status: HIT`) is
 * recorded as a cache hit that cost nothing.
 */
export function createCloudflareGateway(options: CloudflareGatewayOptions = {}): StereosGateway {
  const settings = {
    connection: () => resolveConnection(options),
    options: validateCloudflareOptions(options.options, 'createCloudflareGateway({ options })'),
    providerKeys: { ...options.providerKeys },
  };
  return {
    name: 'cloudflare',
    languageModel(modelId) {
      const steps = parseCloudflareModelId(modelId);
      const first = steps[0] as (typeof steps)[number];
      return {
        model: new CloudflareLanguageModel(steps, settings),
        provider: first.provider,
        modelId: first.modelId,
        secrets: [
          options.apiKey,
          processEnv()['CF_AIG_TOKEN'],
          ...Object.values(settings.providerKeys),
        ],
        reportAnswer: ({ headers }) =>
          headers?.['cf-aig-cache-status']?.toUpperCase() === 'HIT' ? { cacheHit: true } : {},
      };
    },
  };
}
