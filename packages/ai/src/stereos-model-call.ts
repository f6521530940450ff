import {
  APICallError,
  type EmbeddingModelV2,
  type ImageModelV2,
  NoSuchModelError,
  type SharedV2ProviderOptions,
  type SpeechModelV2,
  type TranscriptionModelV2,
} from '@ai-sdk/provider';
import {
  BudgetExceededError,
  type CallEngine,
  CallFailure,
  type CallSpec,
  type GenerateAdapter,
  parseAttemptsHeader,
  STEREOS_RESPONSE_HEADERS,
  type UnitCosts,
  type UnitPriceTable,
} from '@stereos/core';
import {
  type StereosGateway,
  type StereosModelKind,
  type StereosModelTarget,
  targetOfModel,
} from './gateway';
import { StereosBudgetExceededError } from './stereos-budget-exceeded-error';
import { readStereosCallOptions, type StereosCallOptions } from './stereos-call-options';

/*
 * The steps every Stereos model kind shares: ids and fallback lists into targets, the engine's
 * call spec, the options of one attempt, the error the AI SDK caller sees. Language models use
 * `finalError` and `gatewayOf`; embedding, image, transcription and speech models use all of it.
 */

/** The inner model of each kind. */
export interface ModelOfKind {
  textEmbeddingModel: EmbeddingModelV2<string>;
  imageModel: ImageModelV2;
  transcriptionModel: TranscriptionModelV2;
  speechModel: SpeechModelV2;
}

/** A model id, another provider's model of the same kind, or an ordered fallback list of them. */
export type StereosKindInput<M> = string | M | readonly (string | M)[];

/** Where string ids go: the default gateway and the named ones of `name:model` ids. */
export interface GatewaySet {
  gateway: StereosGateway;
  gateways?: Record<string, StereosGateway> | undefined;
}

const KIND_LABELS: Record<StereosModelKind, string> = {
  textEmbeddingModel: 'embedding',
  imageModel: 'image',
  transcriptionModel: 'transcription',
  speechModel: 'speech',
};

/**
 * The targets of a model of `kind`, as for language models: a string goes to its gateway (the
 * default one, or `name:` of a registered gateway), another provider's model is called as it is,
 * duplicates are dropped. A gateway that does not serve the kind is a `NoSuchModelError` now,
 * before any call.
 */
export function targetsOfKind<K extends StereosModelKind>(
  kind: K,
  input: StereosKindInput<ModelOfKind[K]>,
  set: GatewaySet,
): StereosModelTarget<ModelOfKind[K]>[] {
  const entries = (Array.isArray(input) ? input : [input]) as (string | ModelOfKind[K])[];
  if (entries.length === 0) {
    throw new NoSuchModelError({ modelId: '[]', modelType: kind, message: 'Empty fallback list' });
  }
  return [...new Set(entries)].map((entry) => {
    if (typeof entry !== 'string') return targetOfModel(entry);
    const routed = gatewayOf(entry, set.gateways);
    const gateway = routed?.gateway ?? set.gateway;
    const modelId = routed?.modelId ?? entry;
    const resolve = gateway[kind] as
      | ((id: string) => StereosModelTarget<ModelOfKind[K]>)
      | undefined;
    if (!resolve) throw unservedKind(kind, gateway.name, entry);
    const target = resolve.call(gateway, modelId);
    if (routed) target.gateway ??= gateway.name;
    return target;
  });
}

function unservedKind(kind: StereosModelKind, gateway: string, modelId: string): NoSuchModelError {
  const label = KIND_LABELS[kind];
  return new NoSuchModelError({
    modelId,
    modelType: kind,
    message:
      `The ${gateway} gateway does not serve ${label} models ('${modelId}'). The unified ` +
      'gateway (a Stereos server or another OpenAI-compatible endpoint) and the direct gateway ' +
      `(createDirectGateway from @stereos/ai/direct) do: register one in \`gateways\` and ` +
      `write the id as 'name:${modelId}', or pass it as \`gateway\`.`,
  });
}

/**
 * The gateway an id names with a `name:` prefix, when `name` is a registered gateway. Other ids
 * keep their colons (`meta-llama/llama-3-8b:free`, `anthropic.claude-v2:1`).
 */
export function gatewayOf(
  id: string,
  gateways: Record<string, StereosGateway> | undefined,
): { gateway: StereosGateway; modelId: string } | undefined {
  const colon = id.indexOf(':');
  if (colon <= 0 || !gateways) return undefined;
  const name = id.slice(0, colon);
  const gateway = Object.hasOwn(gateways, name) ? gateways[name] : undefined;
  return gateway ? { gateway, modelId: id.slice(colon + 1) } : undefined;
}

/** What one call of a non-language model tells the engine besides its targets. */
export interface ModelCallInput {
  /** `embeddings`, `images`, `transcriptions`, `speech`. */
  operation: string;
  call: StereosCallOptions;
  signal: AbortSignal | undefined;
  /** Input tokens for the budget reservation (and usage when the answer reports none). */
  estimateInputTokens(): number;
  /** Upper bound of output tokens for the budget reservation; the budget's default when unset. */
  maxOutputTokens?: number | undefined;
  /**
   * Costs of a target billed per unit (images, characters, audio minutes): the budget reserves
   * their bound for it, the event takes their cost. Token-priced targets have none.
   */
  unitCosts?(target: { provider: string; model: string }): UnitCosts;
}

/** The engine's spec of one call over `targets`. */
export function modelCallSpec<M>(
  targets: readonly StereosModelTarget<M>[],
  input: ModelCallInput,
): CallSpec<StereosModelTarget<M>> {
  const { call } = input;
  return {
    operation: input.operation,
    stream: false,
    targets,
    describe: (t) => ({ provider: t.provider, model: t.modelId, gateway: t.gateway }),
    requestedModel: targets[0]?.modelId ?? '',
    subject: { user: call.user, tags: call.tags, metadata: call.metadata },
    signal: input.signal,
    secrets: targets.flatMap((t) => t.secrets ?? []),
    estimateInputTokens: input.estimateInputTokens,
    maxOutputTokens: input.maxOutputTokens,
    maxUnitCostUsd: (t) => input.unitCosts?.(describeTarget(t)).maxUsd,
  };
}

/** Provider and model of a target, as prices know them. */
export function describeTarget(target: StereosModelTarget<unknown>) {
  return { provider: target.provider, model: target.modelId };
}

/** The options shape every V2 model kind shares. */
export interface KindCallOptions {
  providerOptions?: SharedV2ProviderOptions | undefined;
  headers?: Record<string, string | undefined> | undefined;
  abortSignal?: AbortSignal | undefined;
}

/**
 * The call's options for one attempt: its own signal, Stereos' own options taken out (they must
 * never reach an upstream body), the target's headers for the call's user, tags and metadata.
 */
export function attemptOptions<O extends KindCallOptions>(
  options: O,
  call: StereosCallOptions,
  target: StereosModelTarget<unknown>,
  signal: AbortSignal,
): O {
  const providerOptions = withoutStereosOptions(options.providerOptions);
  const extra = target.callHeaders?.(call);
  const headers = extra ? { ...options.headers, ...extra } : options.headers;
  return { ...options, providerOptions, headers, abortSignal: signal };
}

/**
 * Provider options without Stereos' own (`stereos`), which must never reach an upstream body.
 * Options without them are passed on as they are (no copy per call); none are `{}`.
 */
export function withoutStereosOptions(
  providerOptions: SharedV2ProviderOptions | undefined,
): SharedV2ProviderOptions {
  if (!providerOptions) return {};
  if (!Object.hasOwn(providerOptions, 'stereos')) return providerOptions;
  const { stereos: _own, ...rest } = providerOptions;
  return rest;
}

/** What every model of a kind shares: the call engine, and the per-unit prices it bills by. */
export interface KindContext {
  engine: CallEngine;
  /** Per-image / per-character / per-minute prices besides OpenAI's (`createStereos`). */
  unitPrices?: UnitPriceTable | undefined;
}

/** How a model kind makes one call: the engine's inputs, one attempt, where usage is. */
export interface KindCall<M, O, R> extends Omit<ModelCallInput, 'call' | 'signal'> {
  /** One attempt with the inner model, with the attempt's options. */
  attempt(model: M, options: O): PromiseLike<R>;
  usage: GenerateAdapter<StereosModelTarget<M>, R>['usage'];
  /** The answer's response headers (a Stereos server's `x-stereos-attempts`). */
  headers(result: R): Record<string, string | undefined> | undefined;
}

/**
 * The part of an embedding, image, transcription or speech model that is the same for every
 * kind: its targets and id, and one call through the engine. A kind says what its call is.
 */
export abstract class StereosKindModel<M> {
  readonly specificationVersion = 'v2';
  readonly provider = 'stereos';
  readonly modelId: string;

  constructor(
    protected readonly targets: readonly StereosModelTarget<M>[],
    protected readonly context: KindContext,
  ) {
    this.modelId = targets.map((t) => t.modelId).join(',');
  }

  /** Runs the call over the targets: budget, retries, fallback, one event. */
  protected run<O extends KindCallOptions, R>(options: O, kind: KindCall<M, O, R>): Promise<R> {
    const call = readStereosCallOptions(options);
    const spec = modelCallSpec(this.targets, { ...kind, call, signal: options.abortSignal });
    return runModelCall(this.context.engine, spec, {
      attempt: (target, ctx) =>
        kind.attempt(target.model, attemptOptions(options, call, target, ctx.signal)),
      usage: kind.usage,
      gatewayAttempts: (result) => attemptsHeader(kind.headers(result)),
    });
  }
}

/** Runs one call through the engine and returns the answer, or throws what the caller sees. */
export async function runModelCall<M, R>(
  engine: CallEngine,
  spec: CallSpec<StereosModelTarget<M>>,
  adapter: GenerateAdapter<StereosModelTarget<M>, R>,
): Promise<R> {
  try {
    return (await engine.generate(spec, adapter)).value;
  } catch (error) {
    throw finalError(error);
  }
}

/** A Stereos server behind the target says how many attempts it made (`x-stereos-attempts`). */
export function attemptsHeader(headers: Record<string, string | undefined> | undefined) {
  return parseAttemptsHeader(headers?.[STEREOS_RESPONSE_HEADERS.attempts]);
}

/** The first defined number of a target's limits, lowest wins (any target may serve a call). */
export async function lowestLimit(
  limits: readonly (PromiseLike<number | undefined> | number | undefined)[],
): Promise<number | undefined> {
  const known = (await Promise.all(limits)).filter((n): n is number => typeof n === 'number');
  return known.length === 0 ? undefined : Math.min(...known);
}

/**
 * What an AI SDK caller sees of a failed call: the last failure itself (an `APICallError`, …),
 * a budget refusal as `StereosBudgetExceededError`. The engine has already retried and fallen
 * back, so an `APICallError` that still says `isRetryable` is re-thrown as not retryable:
 * `generateText`, `embed`, … would otherwise repeat the whole chain.
 */
export function finalError(thrown: unknown): unknown {
  const error = CallFailure.isInstance(thrown) ? thrown.failed.error : thrown;
  if (BudgetExceededError.isInstance(error)) {
    return new StereosBudgetExceededError({
      ...error.refusal,
      message: error.message,
      cause: error,
    });
  }
  if (!APICallError.isInstance(error) || !error.isRetryable) return error;
  return new APICallError({
    message: error.message,
    url: error.url,
    requestBodyValues: error.requestBodyValues,
    statusCode: error.statusCode,
    responseHeaders: error.responseHeaders,
    responseBody: error.responseBody,
    cause: error.cause,
    isRetryable: false,
    data: error.data,
  });
}
