import {
  type EmbeddingModelV2,
  type ImageModelV2,
  type LanguageModelV2,
  NoSuchModelError,
  type ProviderV2,
  type SpeechModelV2,
  type TranscriptionModelV2,
} from '@ai-sdk/provider';
import {
  type BudgetOptions,
  type CallLimits,
  createBudgetGuard,
  createCallEngine,
  createPriceTable,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type GatewayEvent,
  type ModelPrice,
  type UnitPriceTable,
} from '@stereos/core';
import { type StereosGateway, type StereosTarget, targetOfModel } from './gateway';
import { StereosEmbeddingModel } from './stereos-embedding-model';
import { StereosImageModel } from './stereos-image-model';
import { StereosLanguageModel } from './stereos-language-model';
import { gatewayOf, type StereosKindInput, targetsOfKind } from './stereos-model-call';
import { StereosSpeechModel } from './stereos-speech-model';
import { StereosTranscriptionModel } from './stereos-transcription-model';
import { createUnifiedGateway, type UnifiedGatewayOptions } from './unified';

/** A model id, another provider's model, or an ordered fallback list of them. */
export type StereosModelInput = string | LanguageModelV2 | readonly (string | LanguageModelV2)[];

/** Options of `createStereos`. */
export interface StereosProviderSettings extends UnifiedGatewayOptions {
  /**
   * Where string model ids go. Default: the unified gateway at `baseURL` / `apiKey`
   * (`$STEREOS_API_BASE/v1`, `$STEREOS_VIRTUAL_KEY`, read when a call is made). Use
   * `createDirectGateway()` from `@stereos/ai/direct` to call providers in-process.
   */
  gateway?: StereosGateway;
  /**
   * More gateways, by name, for fallback arrays that mix them: an id written `name:model` goes to
   * `gateways[name]`, e.g. `stereos(['vercel:anthropic/claude-sonnet-4-5',
   * 'cloudflare:openai/gpt-4o-mini', 'gpt-4o'])` with `gateways: { vercel, cloudflare }`. Ids
   * without a registered `name:` prefix go to `gateway`.
   */
  gateways?: Record<string, StereosGateway>;
  /** Retries per target after the first attempt. Default 2. */
  maxRetries?: number;
  /** Base of the exponential backoff between retries. Default 150 ms. */
  retryBaseDelayMs?: number;
  /**
   * Per-attempt time limit (streams: until the first content part, then the longest gap between
   * parts). Default 120 s.
   */
  timeoutMs?: number;
  /** A spending limit checked (and reserved) before every call. */
  budget?: BudgetOptions;
  /**
   * Your own per-million-token prices, for self-hosted or new models (and to override the
   * bundled table): keys `provider/model` (e.g. `openai/my-finetune`) or a bare model id.
   * Used for event costs and budget reservations.
   */
  prices?: Record<string, ModelPrice>;
  /**
   * Your own prices of models billed per unit rather than per token: per image
   * (`perImageUsd` by `<quality>/<size>` or `<size>`), per million characters of speech input
   * (`perMCharactersUsd`), per minute of audio transcribed (`perMinuteUsd`). Keys as for
   * `prices`. They come before OpenAI's list (DALL·E, tts-1, whisper-1), which applies to
   * OpenAI and Azure OpenAI models. Used for event costs and budget reservations.
   */
  unitPrices?: UnitPriceTable;
  /** Caps per call: fallback targets (default 5) and upstream attempts (default 10). */
  limits?: Partial<CallLimits>;
  /** Called exactly once per call, for success, error, abort and budget refusal alike. */
  onUsage?: (event: GatewayEvent) => void | Promise<void>;
}

/**
 * The Stereos provider: call it with a model id, another model, or a fallback list. Every model
 * kind takes the same: `stereos.imageModel(['openai/gpt-image-1', 'xai/grok-2-image'])`.
 */
export interface StereosProvider extends ProviderV2 {
  (model: StereosModelInput): LanguageModelV2;
  languageModel(model: StereosModelInput): LanguageModelV2;
  /** Embeddings (`embed`, `embedMany`); an `embeddings` event per upstream call. */
  textEmbeddingModel(model: StereosKindInput<EmbeddingModelV2<string>>): EmbeddingModelV2<string>;
  /** Images (`experimental_generateImage`); an `images` event per upstream call. */
  imageModel(model: StereosKindInput<ImageModelV2>): ImageModelV2;
  /** Transcriptions (`experimental_transcribe`); a `transcriptions` event per call. */
  transcriptionModel(model: StereosKindInput<TranscriptionModelV2>): TranscriptionModelV2;
  /** Speech (`experimental_generateSpeech`); a `speech` event per call. */
  speechModel(model: StereosKindInput<SpeechModelV2>): SpeechModelV2;
}

/**
 * Creates a Stereos provider. `stereos('gpt-4o')`, `stereos('anthropic/claude-sonnet-4-5')`,
 * `stereos(['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'])` and
 * `stereos([otherProvider('x'), 'openai/gpt-4o-mini'])` all return a `LanguageModelV2` with
 * retries, fallback, budget and usage events around the chosen gateway.
 */
export function createStereos(settings: StereosProviderSettings = {}): StereosProvider {
  const gateway = settings.gateway ?? createUnifiedGateway(settings);
  const prices = settings.prices ? createPriceTable(settings.prices) : undefined;
  const engine = createCallEngine({
    gateway: gateway.name,
    retry: {
      ...DEFAULT_RETRY,
      maxRetries: settings.maxRetries ?? DEFAULT_RETRY.maxRetries,
      baseDelayMs: settings.retryBaseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    },
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    sinks: settings.onUsage ? [settings.onUsage] : [],
    budget: settings.budget ? createBudgetGuard(settings.budget, prices) : undefined,
    prices,
    limits: settings.limits,
  });

  const toTarget = (entry: string | LanguageModelV2): StereosTarget => {
    if (typeof entry !== 'string') return targetOfModel(entry);
    const routed = gatewayOf(entry, settings.gateways);
    if (!routed) return gateway.languageModel(entry);
    // A fresh target of its own: set, not spread (a target may compute its secrets lazily).
    const target = routed.gateway.languageModel(routed.modelId);
    target.gateway ??= routed.gateway.name;
    return target;
  };

  const languageModel = (model: StereosModelInput): LanguageModelV2 => {
    const entries = Array.isArray(model) ? model : [model as string | LanguageModelV2];
    if (entries.length === 0) {
      throw new NoSuchModelError({
        modelId: '[]',
        modelType: 'languageModel',
        message: 'Empty fallback list',
      });
    }
    // The same id twice would only repeat a failure.
    const unique = [...new Set(entries)];
    return new StereosLanguageModel(unique.map(toTarget), engine);
  };

  const provider = ((model: StereosModelInput) => languageModel(model)) as StereosProvider;
  provider.languageModel = languageModel;
  // The other kinds: the same ids, fallback lists and gateways, the same engine.
  const set = { gateway, gateways: settings.gateways };
  const context = { engine, unitPrices: settings.unitPrices };
  provider.textEmbeddingModel = (model) =>
    new StereosEmbeddingModel(targetsOfKind('textEmbeddingModel', model, set), context);
  provider.imageModel = (model) =>
    new StereosImageModel(targetsOfKind('imageModel', model, set), context);
  provider.transcriptionModel = (model) =>
    new StereosTranscriptionModel(targetsOfKind('transcriptionModel', model, set), context);
  provider.speechModel = (model) =>
    new StereosSpeechModel(targetsOfKind('speechModel', model, set), context);
  return provider;
}

/**
 * Default instance: the unified gateway at `$STEREOS_API_BASE/v1` with `$STEREOS_VIRTUAL_KEY`,
 * both read when a call is made.
 */
export const stereos: StereosProvider = createStereos();
