import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { routeModel } from '@stereos/core';
import { processEnv } from './environment';
import type { StereosGateway } from './gateway';
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

/**
 * The unified gateway: one OpenAI-compatible endpoint that routes every model id itself (the
 * Stereos server, or any other). Model ids go upstream unchanged; the provider recorded for events
 * and prices follows Stereos' routing rules.
 */
export function createUnifiedGateway(options: UnifiedGatewayOptions = {}): StereosGateway {
  const baseURL = options.baseURL ?? defaultBaseURL();
  const apiKey = options.apiKey ?? processEnv()['STEREOS_VIRTUAL_KEY'];
  const upstream = createOpenAICompatible({
    name: 'stereos.unified',
    baseURL,
    ...(apiKey ? { apiKey } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    includeUsage: true,
  });
  return {
    name: 'unified',
    languageModel(modelId) {
      return {
        model: upstream.chatModel(modelId),
        ...describe(modelId),
        secrets: [apiKey],
        callHeaders: stereosHeaders,
      };
    },
    textEmbeddingModel: (modelId) => upstream.textEmbeddingModel(modelId),
  };
}

function defaultBaseURL(): string {
  const base = processEnv()['STEREOS_API_BASE'] ?? 'http://localhost:3000';
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

/** Headers the Stereos server reads into its usage events (`x-stereos-user`, `-tags`, `-metadata`). */
function stereosHeaders(call: StereosCallOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (call.user) headers['x-stereos-user'] = call.user;
  if (call.tags?.length) headers['x-stereos-tags'] = call.tags.join(',');
  if (call.metadata && Object.keys(call.metadata).length > 0) {
    headers['x-stereos-metadata'] = JSON.stringify(call.metadata);
  }
  return headers;
}
