import {
  APICallError,
  type LanguageModelV2,
  type LanguageModelV2CallOptions,
  type LanguageModelV2StreamPart,
} from '@ai-sdk/provider';
import {
  BudgetExceededError,
  type BudgetGuard,
  type BudgetReservation,
  type CallRecorder,
  classifyError,
  commitStream,
  createCallRecorder,
  executeWithFallback,
  type GatewayEvent,
  type GatewayEventStatus,
  type RetryOptions,
  reserveCallBudget,
} from '@stereos/core';
import type { StereosTarget } from './gateway';
import { StereosBudgetExceededError } from './stereos-budget-exceeded-error';
import { readStereosCallOptions } from './stereos-call-options';
import { lateErrorParts, outputCharsOf, probeStreamPart } from './stream-parts';
import { contentChars, estimateInputTokens, outputEstimate, resolveUsage } from './usage-estimate';

/** What every Stereos model of one provider instance shares (read-only during calls). */
export interface StereosModelSettings {
  gateway: string;
  retry: RetryOptions;
  timeoutMs: number;
  budget: BudgetGuard | undefined;
  onUsage: ((event: GatewayEvent) => void | Promise<void>) | undefined;
}

type DoGenerateResult = Awaited<ReturnType<LanguageModelV2['doGenerate']>>;
type DoStreamResult = Awaited<ReturnType<LanguageModelV2['doStream']>>;

/**
 * A `LanguageModelV2` over an ordered list of targets. Each call carries its own state (recorder,
 * reservation, attempt signals); nothing mutable is shared between concurrent calls.
 */
export class StereosLanguageModel implements LanguageModelV2 {
  readonly specificationVersion = 'v2';
  readonly provider = 'stereos';
  readonly modelId: string;

  constructor(
    private readonly targets: readonly StereosTarget[],
    private readonly settings: StereosModelSettings,
  ) {
    this.modelId = targets.map((t) => t.modelId).join(',');
  }

  get supportedUrls(): LanguageModelV2['supportedUrls'] {
    return this.targets[0]?.model.supportedUrls ?? {};
  }

  async doGenerate(options: LanguageModelV2CallOptions): Promise<DoGenerateResult> {
    const recorder = this.createRecorder(options, false);
    const reservation = await this.reserve(options, recorder);
    try {
      const result = await executeWithFallback(
        this.targets,
        this.executeOptions(options, recorder),
        (target, ctx) => target.model.doGenerate(attemptOptions(options, target, ctx.signal)),
        recorder.state,
      );
      const { usage, estimated } = resolveUsage(result.usage, () =>
        outputEstimate(options, contentChars(result.content)),
      );
      const event = recorder.finish({
        status: 'success',
        usage,
        usageEstimated: estimated,
        finishReason: result.finishReason,
      });
      await reservation?.settle(event.costUsd ?? 0);
      return result;
    } catch (error) {
      recorder.finish({ status: statusOf(error, options), error });
      await reservation?.settle(0);
      throw finalError(error);
    }
  }

  async doStream(options: LanguageModelV2CallOptions): Promise<DoStreamResult> {
    const recorder = this.createRecorder(options, true);
    const reservation = await this.reserve(options, recorder);
    let outputChars = 0;
    let finish: Extract<LanguageModelV2StreamPart, { type: 'finish' }> | undefined;
    const onChunk = (part: LanguageModelV2StreamPart) => {
      outputChars += outputCharsOf(part);
      if (part.type === 'finish') finish = part;
    };
    const onEnd = (outcome: { status: GatewayEventStatus; error?: unknown }) => {
      const { usage, estimated } = resolveUsage(finish?.usage, () =>
        outputEstimate(options, outputChars),
      );
      const event = recorder.finish({
        status: outcome.status,
        usage,
        usageEstimated: estimated,
        finishReason: outcome.status === 'success' ? finish?.finishReason : 'error',
        error: outcome.error,
      });
      reservation?.settle(event.costUsd ?? 0).catch(() => {});
    };
    try {
      return await executeWithFallback(
        this.targets,
        this.executeOptions(options, recorder),
        async (target, ctx) => {
          const result = await target.model.doStream(attemptOptions(options, target, ctx.signal));
          const stream = await commitStream(result.stream, {
            probe: probeStreamPart,
            signal: ctx.signal,
            idleTimeoutMs: this.settings.timeoutMs,
            onLateError: lateErrorParts,
            onChunk,
            onEnd,
          });
          // Committed: the first content part has arrived.
          recorder.markFirstToken();
          return { ...result, stream };
        },
        recorder.state,
      );
    } catch (error) {
      recorder.finish({ status: statusOf(error, options), error });
      await reservation?.settle(0);
      throw finalError(error);
    }
  }

  private createRecorder(options: LanguageModelV2CallOptions, stream: boolean): CallRecorder {
    const call = readStereosCallOptions(options);
    const { onUsage } = this.settings;
    return createCallRecorder({
      gateway: this.settings.gateway,
      requestedModel: this.targets[0]?.modelId ?? this.modelId,
      stream,
      user: call.user,
      tags: call.tags,
      metadata: call.metadata,
      sinks: onUsage ? [onUsage] : [],
      secrets: this.targets.flatMap((t) => t.secrets ?? []),
      describeTarget: (i) => ({
        provider: this.targets[i]?.provider,
        model: this.targets[i]?.modelId,
      }),
    });
  }

  private executeOptions(options: LanguageModelV2CallOptions, recorder: CallRecorder) {
    return {
      retry: this.settings.retry,
      timeoutMs: this.settings.timeoutMs,
      signal: options.abortSignal,
      onAttempt: recorder.onAttempt,
    };
  }

  /** Holds the call's worst case (core decides how much) before any upstream is called. */
  private async reserve(
    options: LanguageModelV2CallOptions,
    recorder: CallRecorder,
  ): Promise<BudgetReservation | undefined> {
    const budget = this.settings.budget;
    if (!budget) return undefined;
    const call = readStereosCallOptions(options);
    try {
      return await reserveCallBudget(budget, {
        subject: { user: call.user, tags: call.tags },
        targets: this.targets.map((t) => ({ provider: t.provider, model: t.modelId })),
        inputTokens: estimateInputTokens(options),
        maxOutputTokens: options.maxOutputTokens,
      });
    } catch (error) {
      recorder.finish({ status: 'budget_exceeded', error });
      if (error instanceof BudgetExceededError) {
        throw new StereosBudgetExceededError({ ...error, message: error.message, cause: error });
      }
      throw error;
    }
  }
}

/** The call's options for one attempt: its own signal, plus the target's per-call headers. */
function attemptOptions(
  options: LanguageModelV2CallOptions,
  target: StereosTarget,
  signal: AbortSignal,
): LanguageModelV2CallOptions {
  const extra = target.callHeaders?.(readStereosCallOptions(options));
  if (!extra || Object.keys(extra).length === 0) return { ...options, abortSignal: signal };
  return { ...options, abortSignal: signal, headers: { ...options.headers, ...extra } };
}

function statusOf(error: unknown, options: LanguageModelV2CallOptions): GatewayEventStatus {
  return classifyError(error, options.abortSignal).kind === 'aborted' ? 'aborted' : 'error';
}

/**
 * The gateway has already retried and fallen back; an `APICallError` that still says
 * `isRetryable` would make `generateText` retry the whole chain again, so it is re-thrown
 * as not retryable.
 */
function finalError(error: unknown): unknown {
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
