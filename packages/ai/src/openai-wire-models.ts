import {
  OpenAIImageModel,
  OpenAISpeechModel,
  OpenAITranscriptionModel,
} from '@ai-sdk/openai/internal';
import { OpenAICompatibleEmbeddingModel } from '@ai-sdk/openai-compatible';
import type {
  EmbeddingModelV2,
  ImageModelV2,
  SpeechModelV2,
  TranscriptionModelV2,
} from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { redactSecrets } from '@stereos/core';

/** Where the OpenAI-wire models of one endpoint send their requests. */
export interface OpenAIWireConfig {
  /** Provider name prefix, e.g. `stereos-unified` (`.embedding`, `.image`, … are appended). */
  name: string;
  /** The base the OpenAI paths (`/embeddings`, `/images/generations`, …) are appended to. */
  baseURL: () => string;
  /** Auth and fixed headers, read when a call is made. */
  headers: () => Record<string, string | undefined>;
  fetch?: FetchFunction | undefined;
}

/** Makers of the models of each kind over one endpoint. */
export type OpenAIWireModels = ReturnType<typeof openAIWireModels>;

/**
 * The AI SDK's own OpenAI-wire models for the endpoints beside chat, over one base URL:
 * `@ai-sdk/openai-compatible`'s embedding model, and `@ai-sdk/openai`'s image, transcription
 * and speech models (its `internal` entry takes the same `{ provider, url, headers, fetch }`
 * config, so the gateway supplies the auth: no implicit `OPENAI_API_KEY`, Azure's `api-key`).
 * The image model leaves out `response_format` for gpt-image-* (which rejects it) and reports
 * gpt-image-1's token usage, also for gateway ids such as `openai/gpt-image-1` (`imageModel`).
 */
export function openAIWireModels(config: OpenAIWireConfig) {
  const common = (kind: string) => ({
    provider: `${config.name}.${kind}`,
    url: ({ path }: { path: string }) => `${config.baseURL()}${path}`,
    headers: config.headers,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
  return {
    embedding: (modelId: string): EmbeddingModelV2<string> =>
      new OpenAICompatibleEmbeddingModel(modelId, {
        ...common('embedding'),
        headers: () => definedHeaders(config.headers()),
      }),
    image: (modelId: string): ImageModelV2 => imageModel(modelId, common('image')),
    transcription: (modelId: string): TranscriptionModelV2 =>
      new OpenAITranscriptionModel(modelId, common('transcription')),
    speech: (modelId: string): SpeechModelV2 => new OpenAISpeechModel(modelId, common('speech')),
  };
}

type ImageModelConfig = ConstructorParameters<typeof OpenAIImageModel>[1];

/**
 * `@ai-sdk/openai`'s image model for an id a gateway routes (`openai/gpt-image-1`). That model
 * decides `response_format` (gpt-image-* rejects it) and `maxImagesPerCall` by the bare OpenAI
 * id, so it is made for the last segment of the id (`gpt-image-1`), and the request's `model`
 * is set back to the id the gateway routes.
 */
function imageModel(modelId: string, config: ImageModelConfig): ImageModelV2 {
  const bare = modelId.slice(modelId.lastIndexOf('/') + 1);
  if (bare === modelId || bare === '') return new OpenAIImageModel(modelId, config);
  const inner = new OpenAIImageModel(bare, {
    ...config,
    fetch: withBodyModel(config.fetch, modelId),
  });
  return {
    specificationVersion: 'v2',
    provider: inner.provider,
    modelId,
    maxImagesPerCall: inner.maxImagesPerCall,
    doGenerate: (options) => inner.doGenerate(options),
  };
}

/** A fetch that sends a JSON body's `model` as `modelId`. */
function withBodyModel(fetchImpl: FetchFunction | undefined, modelId: string): FetchFunction {
  return (url, init) => {
    let body = init?.body;
    if (typeof body === 'string') {
      const json = JSON.parse(body) as Record<string, unknown>;
      body = JSON.stringify({ ...json, model: modelId });
    }
    return (fetchImpl ?? globalThis.fetch)(url, { ...init, body });
  };
}

function definedHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}

/** A fetch whose error answers never carry the keys (some upstreams echo them). */
export function redactingFetch(
  fetchImpl: FetchFunction | undefined,
  secrets: () => readonly (string | undefined)[],
): FetchFunction {
  return async (url, init) => {
    const response = await (fetchImpl ?? globalThis.fetch)(url, init);
    if (response.ok) return response;
    const text = redactSecrets(await response.text(), [...secrets()]);
    return new Response(text, { status: response.status, headers: response.headers });
  };
}
