import {
  OpenAICompatibleChatLanguageModel,
  OpenAICompatibleEmbeddingModel,
} from '@ai-sdk/openai-compatible';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import {
  buildUpstreamHeaders,
  type ChatCompletionRequest,
  callUpstreamChat,
  type ProviderId,
  type ProviderSpec,
  redactSecrets,
  resolveProviderConfigs,
  routeModel,
} from '@stereos/core';
import { processEnv } from './environment';
import type { StereosGateway } from './gateway';
import { failureResponse, upstreamResponse } from './upstream-response';

/** Options of the direct gateway: the core in-process, providers called with your own keys. */
export interface DirectGatewayOptions {
  /**
   * Per-provider base URL and key. Unset values come from the environment with the documented names
   * (`OPENAI_API_KEY`, `ANTHROPIC_BASE_URL`, …).
   */
  providers?: Partial<Record<ProviderId, { baseURL?: string; apiKey?: string }>>;
  /** Environment to read keys from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Custom fetch for the upstream calls (tests, proxies). */
  fetch?: typeof fetch;
}

// Provider options are read under the provider name's first segment; `user` goes there.
const PROVIDER_NAME = 'stereos-direct';

/**
 * The direct gateway: model ids are routed in-process (`claude*` → Anthropic, `provider/model`
 * forces, …) and sent to the provider itself with the provider table's URL and auth. Anthropic
 * goes through the core's Messages ⇄ Chat translation, so every provider looks OpenAI-shaped to
 * the AI SDK's OpenAI-compatible model.
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
      const model = new OpenAICompatibleChatLanguageModel(modelId, {
        provider: `${PROVIDER_NAME}.${provider.id}`,
        // The URL is a placeholder: `directFetch` takes the real one from the provider table.
        url: ({ path }) => `${config.baseURL}${path}`,
        headers: () => ({}),
        fetch: directFetch(provider, config, upstreamModel, options.fetch),
        includeUsage: true,
      });
      return {
        model,
        provider: provider.id,
        modelId: upstreamModel,
        secrets: [config.apiKey],
        // OpenAI's `user` field; the Anthropic translation makes it `metadata.user_id`.
        prepareCall: (callOptions, call) =>
          call.user === undefined
            ? callOptions
            : {
                ...callOptions,
                providerOptions: {
                  ...callOptions.providerOptions,
                  [PROVIDER_NAME]: {
                    ...callOptions.providerOptions?.[PROVIDER_NAME],
                    user: call.user,
                  },
                },
              },
      };
    },
    textEmbeddingModel(modelId) {
      const { provider, upstreamModel } = routeModel(modelId);
      const config = configOf(provider);
      const embeddingsBase = `${config.baseURL}${provider.chatPath.replace(/\/chat\/completions$/, '')}`;
      return new OpenAICompatibleEmbeddingModel(upstreamModel, {
        provider: `${PROVIDER_NAME}.${provider.id}`,
        url: ({ path }) => `${embeddingsBase}${path}`,
        // The provider table's auth (Azure: `api-key`) and fixed headers, as for chat.
        headers: () => buildUpstreamHeaders(provider, config.apiKey),
        fetch: redactingFetch(options.fetch ?? globalThis.fetch, [config.apiKey]),
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
    try {
      const result = await callUpstreamChat({
        provider,
        baseURL: config.baseURL,
        apiKey: config.apiKey,
        body,
        rawBody,
        upstreamModel,
        signal: init?.signal ?? undefined,
        fetch: fetchImpl,
        // Per-call headers (e.g. `anthropic-beta`); the provider's auth and fixed headers win.
        headers: callHeaders(init?.headers),
      });
      return upstreamResponse(result, [config.apiKey]);
    } catch (error) {
      return failureResponse(error, [config.apiKey]);
    }
  };
}

/** The AI SDK's request headers, less what the upstream call sets itself. */
function callHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new Headers(headers)) {
    if (name !== 'authorization' && name !== 'content-type' && name !== 'content-length') {
      out[name] = value;
    }
  }
  return out;
}

/** A fetch whose error answers never carry the key (some upstreams echo it). */
function redactingFetch(fetchImpl: typeof fetch, secrets: (string | undefined)[]): FetchFunction {
  return async (url, init) => {
    const response = await fetchImpl(url, init);
    if (response.ok) return response;
    const text = redactSecrets(await response.text(), secrets);
    return new Response(text, { status: response.status, headers: response.headers });
  };
}
