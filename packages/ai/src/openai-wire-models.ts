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
 * gpt-image-1's token usage.
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
    image: (modelId: string): ImageModelV2 => new OpenAIImageModel(modelId, common('image')),
    transcription: (modelId: string): TranscriptionModelV2 =>
      new OpenAITranscriptionModel(modelId, common('transcription')),
    speech: (modelId: string): SpeechModelV2 => new OpenAISpeechModel(modelId, common('speech')),
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
