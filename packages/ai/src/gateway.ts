import type {
  EmbeddingModelV2,
  ImageModelV2,
  LanguageModelV2,
  LanguageModelV2CallOptions,
  SharedV2ProviderMetadata,
  SpeechModelV2,
  TranscriptionModelV2,
} from '@ai-sdk/provider';
import type { StereosCallOptions } from './stereos-call-options';

/**
 * One model of any kind (language, embedding, image, transcription, speech) a Stereos model may
 * call, with what events and prices need to know of it.
 */
export interface StereosModelTarget<M> {
  model: M;
  /** Provider id for events and prices, e.g. `openai`. */
  provider: string;
  /** Model id as the upstream is asked for it, e.g. `gpt-4o`. */
  modelId: string;
  /** The gateway that serves this target (`GatewayEvent.gateway`), when not the provider's own. */
  gateway?: string;
  /** Keys this target uses, redacted from any event or error message. */
  secrets?: readonly (string | undefined)[];
  /**
   * Request headers that carry the call's `user`, `tags` and `metadata` to this target's
   * upstream (the unified gateway's `x-stereos-*`), for the model kinds without `prepareCall`.
   */
  callHeaders?(call: StereosCallOptions): Record<string, string>;
}

/** One language model a Stereos model may call. */
export interface StereosTarget extends StereosModelTarget<LanguageModelV2> {
  /**
   * Puts the call's `user`, `tags` and `metadata` where this target's upstream reads them
   * (headers the Stereos server records, the body's `user`, …). Returns new options.
   */
  prepareCall?(
    options: LanguageModelV2CallOptions,
    call: StereosCallOptions,
  ): LanguageModelV2CallOptions;
  /**
   * What this target's gateway says about an answer beyond token usage: a cache hit (it cost
   * nothing), or the cost it billed (used instead of Stereos' price table).
   */
  reportAnswer?(answer: AnswerReport): { cacheHit?: boolean; costUsd?: number };
}

/** What a target sees of an answer to report on it. */
export interface AnswerReport {
  /** Response headers of the answer (lower-cased names). */
  headers: Record<string, string | undefined> | undefined;
  /** The result's (or the stream's finish part's) provider metadata. */
  providerMetadata: SharedV2ProviderMetadata | undefined;
}

/**
 * Where string model ids go: the unified OpenAI-compatible endpoint, the providers directly, and
 * (later) Cloudflare AI Gateway or Vercel AI Gateway. A gateway only resolves ids into models;
 * routing policies, retries, fallback, budgets and usage stay in the core call engine.
 */
export interface StereosGateway {
  /** Name recorded as `GatewayEvent.gateway`: `unified`, `direct`, `cloudflare`, `vercel`. */
  readonly name: string;
  languageModel(modelId: string): StereosTarget;
  /** Embedding models (`POST …/embeddings`), when the gateway serves them. */
  textEmbeddingModel?(modelId: string): StereosModelTarget<EmbeddingModelV2<string>>;
  /** Image models (`POST …/images/generations`), when the gateway serves them. */
  imageModel?(modelId: string): StereosModelTarget<ImageModelV2>;
  /** Transcription models (`POST …/audio/transcriptions`), when the gateway serves them. */
  transcriptionModel?(modelId: string): StereosModelTarget<TranscriptionModelV2>;
  /** Speech models (`POST …/audio/speech`), when the gateway serves them. */
  speechModel?(modelId: string): StereosModelTarget<SpeechModelV2>;
}

/** The model kinds besides language models, by their `StereosGateway` method. */
export type StereosModelKind =
  | 'textEmbeddingModel'
  | 'imageModel'
  | 'transcriptionModel'
  | 'speechModel';

/** Describes a model that came from another provider (mixed into a fallback array). */
export function targetOfModel<M extends { provider: string; modelId: string }>(
  model: M,
): StereosModelTarget<M> {
  // AI SDK providers name themselves `openai.chat`, `anthropic.messages`, …
  const provider = model.provider.split('.')[0] ?? model.provider;
  return { model, provider, modelId: model.modelId };
}
