import type {
  LanguageModelV2,
  LanguageModelV2CallOptions,
  LanguageModelV2StreamPart,
} from '@ai-sdk/provider';
import { type CallEngine, type CallSpec, estimatePromptTokens } from '@stereos/core';
import type { StereosTarget } from './gateway';
import { readStereosCallOptions, type StereosCallOptions } from './stereos-call-options';
import { attemptsHeader, finalError, withoutStereosOptions } from './stereos-model-call';
import {
  contentChars,
  lateErrorParts,
  probeStreamPart,
  streamPartsTap,
  tokenUsage,
} from './stream-parts';

type DoGenerateResult = Awaited<ReturnType<LanguageModelV2['doGenerate']>>;
type DoStreamResult = Awaited<ReturnType<LanguageModelV2['doStream']>>;
type StreamMeta = Omit<DoStreamResult, 'stream'>;

/**
 * A `LanguageModelV2` over an ordered list of targets: an adapter of the core call engine, which
 * owns budgets, retries, fallback, the commit point, usage and the event. This class only says
 * how one attempt is made and what AI SDK stream parts mean. Each call carries its own state.
 */
export class StereosLanguageModel implements LanguageModelV2 {
  readonly specificationVersion = 'v2';
  readonly provider = 'stereos';
  readonly modelId: string;
  // The same for every call (targets are fixed): worked out once, not per call.
  private readonly secrets: readonly (string | undefined)[];
  private readonly requestedModel: string;

  constructor(
    private readonly targets: readonly StereosTarget[],
    private readonly engine: CallEngine,
  ) {
    this.modelId = targets.map((t) => t.modelId).join(',');
    this.secrets = targets.flatMap((t) => t.secrets ?? []);
    this.requestedModel = targets[0]?.modelId ?? this.modelId;
  }

  get supportedUrls(): LanguageModelV2['supportedUrls'] {
    return this.targets[0]?.model.supportedUrls ?? {};
  }

  async doGenerate(options: LanguageModelV2CallOptions): Promise<DoGenerateResult> {
    const call = readStereosCallOptions(options);
    const base = upstreamOptions(options);
    try {
      const { value } = await this.engine.generate<StereosTarget, DoGenerateResult>(
        this.spec(options, call, false),
        {
          attempt: (target, ctx) =>
            target.model.doGenerate(attemptOptions(base, call, target, ctx.signal)),
          usage: (result, target) => ({
            usage: tokenUsage(result.usage),
            finishReason: result.finishReason,
            outputChars: () => contentChars(result.content),
            ...target.reportAnswer?.({
              headers: result.response?.headers,
              providerMetadata: result.providerMetadata,
            }),
          }),
          gatewayAttempts: (result) => attemptsHeader(result.response?.headers),
        },
      );
      return value;
    } catch (error) {
      throw finalError(error);
    }
  }

  async doStream(options: LanguageModelV2CallOptions): Promise<DoStreamResult> {
    const call = readStereosCallOptions(options);
    const base = upstreamOptions(options);
    try {
      const { stream, meta } = await this.engine.stream<
        StereosTarget,
        LanguageModelV2StreamPart,
        LanguageModelV2StreamPart,
        StreamMeta
      >(this.spec(options, call, true), {
        async attempt(target, ctx) {
          const { stream: source, ...meta } = await target.model.doStream(
            attemptOptions(base, call, target, ctx.signal),
          );
          return { source, meta };
        },
        probe: probeStreamPart,
        lateError: lateErrorParts,
        createTap: (target, meta) => streamPartsTap(target, meta.response?.headers),
        gatewayAttempts: (meta) => attemptsHeader(meta.response?.headers),
      });
      return { ...meta, stream };
    } catch (error) {
      throw finalError(error);
    }
  }

  private spec(
    options: LanguageModelV2CallOptions,
    call: StereosCallOptions,
    stream: boolean,
  ): CallSpec<StereosTarget> {
    return {
      operation: 'chat',
      stream,
      targets: this.targets,
      describe: describeTarget,
      requestedModel: this.requestedModel,
      subject: { user: call.user, tags: call.tags, metadata: call.metadata },
      signal: options.abortSignal,
      secrets: this.secrets,
      estimateInputTokens: () => estimatePromptTokens([options.prompt, options.tools ?? []]),
      maxOutputTokens: options.maxOutputTokens,
    };
  }
}

function describeTarget(t: StereosTarget) {
  return { provider: t.provider, model: t.modelId, gateway: t.gateway };
}

/** The call's options without Stereos' own (never sent upstream); worked out once per call. */
function upstreamOptions(options: LanguageModelV2CallOptions): LanguageModelV2CallOptions {
  return { ...options, providerOptions: withoutStereosOptions(options.providerOptions) };
}

/** One attempt's options: its own signal, and what the target makes of them (headers, `user`). */
function attemptOptions(
  base: LanguageModelV2CallOptions,
  call: StereosCallOptions,
  target: StereosTarget,
  signal: AbortSignal,
): LanguageModelV2CallOptions {
  const options = { ...base, abortSignal: signal };
  return target.prepareCall ? target.prepareCall(options, call) : options;
}
