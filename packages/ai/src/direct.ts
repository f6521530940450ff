import {
  OpenAICompatibleChatLanguageModel,
  OpenAICompatibleEmbeddingModel,
} from '@ai-sdk/openai-compatible';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import {
  type ChatCompletionRequest,
  callUpstream,
  type ProviderId,
  type ProviderSpec,
  resolveProviderConfigs,
  routeModel,
} from '@stereos/core';
import { processEnv } from './environment';
import type { StereosGateway } from './gateway';

/** Options of the direct gateway: the core in-process, providers called with your own keys. */
export interface DirectGatewayOptions {
  /**
   * Per-provider base URL and key. Unset values come from the environment with seed names
   * (`OPENAI_API_KEY`, `ANTHROPIC_BASE_URL`, …).
   */
  providers?: Partial<Record<ProviderId, { baseURL?: string; apiKey?: string }>>;
  /** Environment to read keys from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Custom fetch for the upstream calls (tests, proxies). */
  fetch?: typeof fetch;
}

/**
 * The direct gateway: model ids are routed in-process (seed rules: `claude*` → Anthropic,
 * `provider/model` forces, …) and sent to the provider itself. Anthropic goes through the core's
 * Messages ⇄ Chat translation, so every provider looks OpenAI-shaped to the AI SDK.
 */
export function createDirectGateway(options: DirectGatewayOptions = {}): StereosGateway {
  const configs = resolveProviderConfigs(options.env ?? processEnv());
  const configOf = (provider: ProviderSpec) => ({
    ...configs[provider.id],
    ...options.providers?.[provider.id],
  });
  return {
    name: 'direct',
    languageModel(modelId) {
      const { provider, upstreamModel } = routeModel(modelId);
      const config = configOf(provider);
      const fetchUpstream = directFetch(provider, config, upstreamModel, options.fetch);
      const model = new OpenAICompatibleChatLanguageModel(modelId, {
        provider: `stereos.direct.${provider.id}`,
        // The URL is a placeholder: `directFetch` decides the real one from the provider table.
        url: ({ path }) => `${config.baseURL}${path}`,
        headers: () => ({}),
        fetch: fetchUpstream,
        includeUsage: true,
      });
      return { model, provider: provider.id, modelId: upstreamModel, secrets: [config.apiKey] };
    },
    textEmbeddingModel(modelId) {
      const { provider, upstreamModel } = routeModel(modelId);
      const config = configOf(provider);
      return new OpenAICompatibleEmbeddingModel(upstreamModel, {
        provider: `stereos.direct.${provider.id}`,
        url: ({ path }) =>
          `${config.baseURL}${provider.chatPath.replace(/\/chat\/completions$/, '')}${path}`,
        headers: () => (config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    },
  };
}

/** A fetch that hands the AI SDK's OpenAI-shaped request to the core's upstream call. */
function directFetch(
  provider: ProviderSpec,
  config: { baseURL: string; apiKey?: string | undefined },
  upstreamModel: string,
  fetchImpl: typeof fetch | undefined,
): FetchFunction {
  return async (_url, init) => {
    const rawBody = typeof init?.body === 'string' ? init.body : undefined;
    const body = JSON.parse(rawBody ?? '{}') as ChatCompletionRequest;
    return callUpstream({
      provider,
      baseURL: config.baseURL,
      apiKey: config.apiKey,
      body,
      rawBody,
      upstreamModel,
      signal: init?.signal ?? undefined,
      fetch: fetchImpl,
    });
  };
}
