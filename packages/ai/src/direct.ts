import { OpenAICompatibleChatLanguageModel } from '@ai-sdk/openai-compatible';
import { NoSuchModelError } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import {
  buildUpstreamHeaders,
  type ChatCompletionRequest,
  callUpstreamChat,
  type OpenAIEndpoint,
  PROVIDERS,
  type ProviderId,
  type ProviderSpec,
  resolveProviderConfigs,
  routeModel,
} from '@stereos/core';
import { processEnv } from './environment';
import type { StereosGateway, StereosModelKind, StereosModelTarget } from './gateway';
import { type OpenAIWireModels, openAIWireModels, redactingFetch } from './openai-wire-models';
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
  // The provider's own endpoint beside its chat path, with the provider table's auth (Azure:
  // `api-key`) and fixed headers, as for chat.
  const endpointTarget = <M>(
    kind: StereosModelKind,
    modelId: string,
    make: (wire: OpenAIWireModels, upstreamModel: string) => M,
  ): StereosModelTarget<M> => {
    const { provider, upstreamModel } = routeModel(modelId);
    checkEndpoint(provider, ENDPOINT_OF_KIND[kind], modelId, kind);
    const config = configOf(provider);
    const wire = openAIWireModels({
      name: `${PROVIDER_NAME}.${provider.id}`,
      baseURL: () => `${config.baseURL}${provider.chatPath.replace(/\/chat\/completions$/, '')}`,
      headers: () => buildUpstreamHeaders(provider, config.apiKey),
      fetch: redactingFetch(options.fetch, () => [config.apiKey]),
    });
    const model = make(wire, upstreamModel);
    return { model, provider: provider.id, modelId: upstreamModel, secrets: [config.apiKey] };
  };
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
    textEmbeddingModel: (id) => endpointTarget('textEmbeddingModel', id, (w, m) => w.embedding(m)),
    imageModel: (id) => endpointTarget('imageModel', id, (w, m) => w.image(m)),
    transcriptionModel: (id) =>
      endpointTarget('transcriptionModel', id, (w, m) => w.transcription(m)),
    speechModel: (id) => endpointTarget('speechModel', id, (w, m) => w.speech(m)),
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

/** The OpenAI-wire endpoint each model kind calls. */
const ENDPOINT_OF_KIND: Record<StereosModelKind, OpenAIEndpoint> = {
  textEmbeddingModel: 'embeddings',
  imageModel: 'images',
  transcriptionModel: 'transcriptions',
  speechModel: 'speech',
};

const ENDPOINT_PATHS: Record<OpenAIEndpoint, string> = {
  embeddings: 'POST /v1/embeddings',
  images: 'POST /v1/images/generations',
  transcriptions: 'POST /v1/audio/transcriptions',
  speech: 'POST /v1/audio/speech',
  moderations: 'POST /v1/moderations',
  responses: 'POST /v1/responses',
};

/**
 * A provider whose API has no such endpoint (the provider table says which it serves) is refused
 * when the model is made, before any call: a `NoSuchModelError` naming provider and endpoint.
 */
function checkEndpoint(
  provider: ProviderSpec,
  endpoint: OpenAIEndpoint,
  modelId: string,
  kind: StereosModelKind,
): void {
  if (provider.endpoints.includes(endpoint)) return;
  const serving = PROVIDERS.filter((p) => p.endpoints.includes(endpoint)).map((p) => p.id);
  throw new NoSuchModelError({
    modelId,
    modelType: kind,
    message:
      `Provider ${provider.id} has no ${endpoint} endpoint (${ENDPOINT_PATHS[endpoint]}): ` +
      `'${modelId}' cannot be called as ${kind}. Providers that serve it: ` +
      `${serving.join(', ') || 'none'}; write the id as 'provider/model', e.g. ` +
      `'${serving[0] ?? 'openai'}/…'.`,
  });
}
