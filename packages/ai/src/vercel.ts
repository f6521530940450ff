import type { LanguageModelV2CallOptions } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import type { StereosGateway } from './gateway';
import type { StereosCallOptions } from './stereos-call-options';
import { vercelEmbeddingModel } from './vercel-embedding-model';
import { vercelSecrets } from './vercel-endpoint';
import { vercelLanguageModel } from './vercel-language-model';
import { describeVercelSlug, vercelReportedCost } from './vercel-vendor';

export { VERCEL_GATEWAY_BASE_URL } from './vercel-endpoint';

/** Options of the Vercel AI Gateway gateway. */
export interface VercelGatewayOptions {
  /**
   * AI Gateway API key. Default `$AI_GATEWAY_API_KEY`, else the Vercel OIDC token
   * (`$VERCEL_OIDC_TOKEN`, or the request's token on Vercel), read when a call is made.
   */
  apiKey?: string;
  /**
   * The AI SDK endpoint, default `$AI_GATEWAY_URL`, else `https://ai-gateway.vercel.sh/v1/ai`.
   * An origin, the OpenAI-compatible `…/v1` or `…/v1/chat/completions` map onto `…/v1/ai`.
   */
  baseURL?: string;
  /** Custom fetch (tests, proxies). */
  fetch?: FetchFunction;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
}

/**
 * Vercel AI Gateway as a Stereos gateway, through `@ai-sdk/gateway`: model ids are Vercel's
 * `vendor/model` slugs (`anthropic/claude-sonnet-4-5`, `google/gemini-2.5-flash`, `xai/grok-4`).
 * Events and prices name the vendor's Stereos provider (`google` → `gemini`) and the model; the
 * event's cost is the one the gateway billed (`providerMetadata.gateway.cost`).
 * `providerOptions.gateway` (`order`, `only`, `models`, `user`, `tags`) goes through untouched;
 * Stereos' `user` and `tags` fill the gateway's when it has none. Embedding models go through
 * `@ai-sdk/gateway`'s `textEmbeddingModel` the same way.
 * https://vercel.com/docs/ai-gateway
 */
export function createVercelGateway(options: VercelGatewayOptions = {}): StereosGateway {
  return {
    name: 'vercel',
    languageModel(modelId) {
      return {
        model: vercelLanguageModel(modelId, options),
        ...describeVercelSlug(modelId),
        // Read per call, like the key itself.
        get secrets() {
          return vercelSecrets(options.apiKey);
        },
        prepareCall: withGatewayAttribution,
        reportAnswer: ({ providerMetadata }) => ({
          costUsd: vercelReportedCost(providerMetadata),
        }),
      };
    },
    textEmbeddingModel(modelId) {
      return {
        model: vercelEmbeddingModel(modelId, options),
        ...describeVercelSlug(modelId),
        get secrets() {
          return vercelSecrets(options.apiKey);
        },
      };
    },
  };
}

/**
 * Stereos' `user` and `tags` as the gateway's own usage attribution (`providerOptions.gateway`
 * `user` / `tags`), where the caller did not set them.
 * https://vercel.com/docs/ai-gateway/models-and-providers/provider-options
 */
function withGatewayAttribution(
  options: LanguageModelV2CallOptions,
  call: StereosCallOptions,
): LanguageModelV2CallOptions {
  const gateway = options.providerOptions?.['gateway'] ?? {};
  const added: Record<string, string | string[]> = {};
  if (gateway['user'] === undefined && call.user !== undefined) added['user'] = call.user;
  if (gateway['tags'] === undefined && call.tags?.length) added['tags'] = call.tags;
  if (Object.keys(added).length === 0) return options;
  return {
    ...options,
    providerOptions: { ...options.providerOptions, gateway: { ...gateway, ...added } },
  };
}
