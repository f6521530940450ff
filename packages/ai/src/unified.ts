import { OpenAICompatibleChatLanguageModel } from '@ai-sdk/openai-compatible';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { ConfigurationError, routeModel, STEREOS_REQUEST_HEADERS } from '@stereos/core';
import { processEnv } from './environment';
import type { StereosGateway, StereosModelTarget } from './gateway';
import { openAIWireModels, redactingFetch } from './openai-wire-models';
import type { StereosCallOptions } from './stereos-call-options';

/** Options of the unified gateway: any OpenAI-compatible endpoint (the Stereos server by default). */
export interface UnifiedGatewayOptions {
  /** Base URL with the version, e.g. `https://gateway.example.com/v1`. Default `$STEREOS_API_BASE/v1`. */
  baseURL?: string;
  /** Key sent as `Authorization: Bearer`. Default `$STEREOS_VIRTUAL_KEY`. */
  apiKey?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Custom fetch (tests, proxies). */
  fetch?: FetchFunction;
}

// The AI SDK reads provider options under the provider name's first segment: not `stereos`,
// which holds Stereos' own call options.
const PROVIDER_NAME = 'stereos-unified';

/**
 * The unified gateway: one OpenAI-compatible endpoint that routes every model id itself (the
 * Stereos server, or any other). Model ids go upstream unchanged; the provider recorded for events
 * and prices follows Stereos' routing rules. The endpoint and key are read when a call is made
 * (`STEREOS_API_BASE`, `STEREOS_VIRTUAL_KEY`), so the default instance works with env set later.
 */
export function createUnifiedGateway(options: UnifiedGatewayOptions = {}): StereosGateway {
  const config = {
    url: ({ path }: { path: string }) => `${endpointOf(options)}${path}`,
    headers: () => {
      const apiKey = options.apiKey ?? processEnv()['STEREOS_VIRTUAL_KEY'];
      return { ...options.headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const secrets = () => [options.apiKey, processEnv()['STEREOS_VIRTUAL_KEY']];
  const wire = openAIWireModels({
    name: PROVIDER_NAME,
    baseURL: () => endpointOf(options),
    headers: config.headers,
    fetch: redactingFetch(options.fetch, secrets),
  });
  // The endpoint's own `/v1/embeddings`, `/v1/images/generations`, `/v1/audio/…`.
  const target = <M>(model: M, modelId: string): StereosModelTarget<M> => ({
    model,
    ...describe(modelId),
    secrets: secrets(),
    callHeaders: stereosHeaders,
  });
  return {
    name: 'unified',
    languageModel(modelId) {
      return {
        model: new OpenAICompatibleChatLanguageModel(modelId, {
          provider: `${PROVIDER_NAME}.chat`,
          includeUsage: true,
          ...config,
        }),
        ...describe(modelId),
        secrets: [options.apiKey, processEnv()['STEREOS_VIRTUAL_KEY']],
        prepareCall: (callOptions, call) => ({
          ...callOptions,
          headers: { ...callOptions.headers, ...stereosHeaders(call) },
        }),
      };
    },
    textEmbeddingModel: (modelId) => target(wire.embedding(modelId), modelId),
    imageModel: (modelId) => target(wire.image(modelId), modelId),
    transcriptionModel: (modelId) => target(wire.transcription(modelId), modelId),
    speechModel: (modelId) => target(wire.speech(modelId), modelId),
  };
}

/** `baseURL`, else `$STEREOS_API_BASE/v1`; neither is a clear error, not a guess. */
function endpointOf(options: UnifiedGatewayOptions): string {
  if (options.baseURL) return options.baseURL.replace(/\/+$/, '');
  const base = processEnv()['STEREOS_API_BASE']?.trim();
  if (!base) {
    throw new ConfigurationError(
      'No Stereos endpoint: set STEREOS_API_BASE (e.g. http://localhost:3000) and ' +
        'STEREOS_VIRTUAL_KEY, or pass baseURL and apiKey to createStereos(), or call providers ' +
        'directly with createStereos({ gateway: createDirectGateway() }).',
    );
  }
  return `${base.replace(/\/+$/, '')}/v1`;
}

/** Provider and upstream model for events and prices, by the same rules the server routes with. */
function describe(modelId: string): { provider: string; modelId: string } {
  try {
    const route = routeModel(modelId);
    return { provider: route.provider.id, modelId: route.upstreamModel };
  } catch {
    return { provider: 'unified', modelId };
  }
}

/** Headers the Stereos server reads into its events and budget scopes. */
function stereosHeaders(call: StereosCallOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (call.user) headers[STEREOS_REQUEST_HEADERS.user] = call.user;
  if (call.tags?.length) headers[STEREOS_REQUEST_HEADERS.tags] = call.tags.join(',');
  if (call.metadata && Object.keys(call.metadata).length > 0) {
    headers[STEREOS_REQUEST_HEADERS.metadata] = JSON.stringify(call.metadata);
  }
  return headers;
}
