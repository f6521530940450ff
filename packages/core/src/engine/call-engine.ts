import type { BudgetGuard, BudgetReservation } from '../budget/budget-guard';
import type { PriceTable } from '../catalog/prices';
import { CallFailure } from '../errors/call-failure';
import { classifyError } from '../errors/classify-error';
import { InvalidRequestError } from '../errors/invalid-request-error';
import type { GatewayEvent, GatewayEventSink, GatewayEventStatus } from '../usage/gateway-event';
import { resolveUsage } from '../usage/resolve-usage';
import type {
  AnswerUsage,
  CallSpec,
  GenerateAdapter,
  ServedBy,
  StreamAdapter,
} from './call-adapter';
import { type CallRecorder, createCallRecorder } from './call-recorder';
import { type CommittedStream, openCommittedStream } from './commit-stream';
import { executeWithFallback } from './execute-with-fallback';
import type { RetryOptions } from './retry-policy';

/** Amplifier caps of one call. */
export interface CallLimits {
  /** Targets in one fallback list at most. Default 5. */
  maxTargets: number;
  /** Upstream attempts of one call at most, retries and fallbacks included. Default 10. */
  maxAttempts: number;
}

export const DEFAULT_CALL_LIMITS: Readonly<CallLimits> = { maxTargets: 5, maxAttempts: 10 };

/** What every call of one engine shares (read-only during calls). */
export interface CallEngineOptions {
  /** `GatewayEvent.gateway`: `server`, `unified`, `direct`, … */
  gateway: string;
  retry: RetryOptions;
  /** Per-attempt timeout; for streams until the first content part, then between chunks. */
  timeoutMs: number;
  sinks: readonly GatewayEventSink[];
  /** A spending limit every call reserves against before any upstream is called. */
  budget?: BudgetGuard | undefined;
  /** Prices events (and should be the budget's table); the catalog's by default. */
  prices?: Pick<PriceTable, 'computeCostUsd'> | undefined;
  limits?: Partial<CallLimits> | undefined;
}

/**
 * The one call engine: owns a call's whole life for both faces. Budget reservation → recorder
 * and spans → attempts with retry and fallback → commit at the first content part → usage and
 * cost → budget settlement → exactly one `GatewayEvent`. A face gives it targets and an adapter.
 */
export interface CallEngine {
  /** A one-shot call. Rejects with the last failure after recording the event (`onFailure`). */
  generate<T, R>(
    spec: CallSpec<T>,
    adapter: GenerateAdapter<T, R>,
  ): Promise<{ value: R; served: ServedBy; event: GatewayEvent }>;
  /**
   * A streaming call, resolved at its commit point; the event is recorded when it ends. Its
   * `stream` is made when first read; a writer without web streams takes the reader instead.
   */
  stream<T, C, O, M>(
    spec: CallSpec<T>,
    adapter: StreamAdapter<T, C, O, M>,
  ): Promise<StreamedCall<O, M>>;
  /** Records the event of a call refused before the engine ran (bad input, bad key). */
  reject(call: RejectedCall): GatewayEvent;
  /** Records the event of a call answered from a response cache: a success that cost nothing. */
  recordCacheHit(call: CachedCall): GatewayEvent;
}

/** A streaming call at its commit point. */
export interface StreamedCall<O, M> extends CommittedStream<O> {
  meta: M;
  served: ServedBy;
}

/** A call answered from a cache, for its event. */
export interface CachedCall {
  operation?: string;
  requestedModel: string;
  stream: boolean;
  provider: string;
  model: string;
  subject?: CallSubjectLike;
}

export interface RejectedCall {
  status: GatewayEventStatus;
  error: unknown;
  operation?: string;
  requestedModel?: string | undefined;
  stream?: boolean;
  subject?: CallSubjectLike;
}

type CallSubjectLike = CallSpec<unknown>['subject'];

export function createCallEngine(options: CallEngineOptions): CallEngine {
  const limits = { ...DEFAULT_CALL_LIMITS, ...options.limits };
  return {
    async generate<T, R>(spec: CallSpec<T>, adapter: GenerateAdapter<T, R>) {
      const call = await beginCall(options, limits, spec);
      try {
        let served: T | undefined;
        const value = await executeWithFallback(
          spec.targets,
          call.executeOptions,
          (target, ctx) => {
            served = target;
            return adapter.attempt(target, ctx);
          },
          call.recorder.state,
        );
        call.countGatewayAttempts(adapter.gatewayAttempts?.(value));
        const event = call.finish('success', adapter.usage(value, served as T));
        return { value, served: call.served(), event };
      } catch (error) {
        throw call.fail(error);
      }
    },

    async stream(spec, streamAdapter) {
      const call = await beginCall(options, limits, spec);
      // Dropped at the commit point: its attempt holds the request, the stream needs only the
      // functions handed to it (a long answer must not keep its prompt alive).
      let live: typeof streamAdapter | undefined = streamAdapter;
      try {
        return await executeWithFallback(
          spec.targets,
          call.executeOptions,
          async (target, ctx) => {
            const adapter = live as typeof streamAdapter;
            const start = await adapter.attempt(target, ctx);
            const tap = adapter.createTap(target, start.meta);
            const committed = await openCommittedStream(start.source, {
              probe: adapter.probe,
              probeCommitted: adapter.probeCommitted,
              signal: ctx.signal,
              idleTimeoutMs: options.timeoutMs,
              onLateError: adapter.lateError,
              onChunk: (chunk) => tap.observe(chunk),
              onEnd: (outcome) => {
                const usage = tap.result();
                call.finish(outcome.status, usage, outcome.error);
              },
              map: adapter.map,
              combine: adapter.combine,
              isLast: adapter.isLast,
            });
            // Committed: the first content part has arrived.
            call.recorder.markFirstToken();
            call.committed();
            call.countGatewayAttempts(adapter.gatewayAttempts?.(start.meta));
            live = undefined;
            const served = call.served();
            return {
              get stream() {
                return committed.stream;
              },
              takeReader: committed.takeReader,
              meta: start.meta,
              served,
            };
          },
          call.recorder.state,
        );
      } catch (error) {
        throw call.fail(error);
      }
    },

    reject(rejected) {
      const recorder = createCallRecorder({
        gateway: options.gateway,
        operation: rejected.operation,
        requestedModel: rejected.requestedModel ?? '',
        stream: rejected.stream ?? false,
        ...rejected.subject,
        sinks: options.sinks,
      });
      return recorder.finish({ status: rejected.status, error: rejected.error });
    },

    recordCacheHit(cached) {
      const recorder = createCallRecorder({
        gateway: options.gateway,
        operation: cached.operation,
        requestedModel: cached.requestedModel,
        stream: cached.stream,
        ...cached.subject,
        sinks: options.sinks,
      });
      const { provider, model } = cached;
      return recorder.finish({ status: 'success', cacheHit: true, provider, model });
    },
  };
}

/** One call's private state: recorder, reservation, served target. Never shared. */
async function beginCall<T>(options: CallEngineOptions, limits: CallLimits, spec: CallSpec<T>) {
  // Closures below hold what they need, never `spec`: a stream's call lives as long as the
  // stream, and `spec` reaches the request (its input estimate holds the prompt).
  const { targets, describe: describeOf, requestedModel, signal } = spec;
  const describe = (i: number): { provider?: string; model?: string; gateway?: string } => {
    const target = targets[i];
    return target === undefined ? {} : describeOf(target);
  };
  const input = inputEstimate(spec.estimateInputTokens);
  const recorder: CallRecorder = createCallRecorder({
    gateway: options.gateway,
    operation: spec.operation,
    requestedModel,
    stream: spec.stream,
    ...spec.subject,
    sinks: options.sinks,
    prices: options.prices,
    secrets: spec.secrets,
    describeTarget: describe,
  });
  const refuse = (error: unknown, status: GatewayEventStatus) => {
    const event = recorder.finish({ status, error });
    return new CallFailure({ error, event, provider: undefined, attempts: 0 });
  };
  if (targets.length === 0 || targets.length > limits.maxTargets) {
    throw refuse(tooManyTargets(targets.length, limits.maxTargets), 'invalid_request');
  }
  const guards = budgetGuards(options.budget, spec.budgets);
  const reservations: BudgetReservation[] = [];
  if (guards !== undefined) {
    const call = budgetCallOf(spec, input.tokens);
    try {
      // Every budget must hold the call; a refusal by one releases what the others held.
      for (const guard of guards) reservations.push(await guard.reserveCall(call));
    } catch (error) {
      await Promise.all(reservations.map((r) => r.settle(0))).catch(reportSettleError);
      throw refuse(error, 'budget_exceeded');
    }
  }

  const finish = (status: GatewayEventStatus, answer?: AnswerUsage, error?: unknown) => {
    const usage = answer ? resolveUsage(answer.usage, input.tokens, answer.outputChars) : undefined;
    const event = recorder.finish({
      status,
      error,
      ...usage,
      cacheHit: answer?.cacheHit,
      costUsd: answer?.costUsd,
      units: answer?.units,
      // A stream that ended badly says so; a call that never answered has no finish reason.
      finishReason: status === 'success' ? answer?.finishReason : answer ? 'error' : undefined,
    });
    // Settled in the background: the event is the record, the store catches up.
    for (const reservation of reservations) {
      reservation.settle(event.costUsd ?? 0).catch(reportSettleError);
    }
    return event;
  };

  return {
    recorder,
    executeOptions: {
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      maxAttempts: limits.maxAttempts,
      signal,
      onAttempt: recorder.onAttempt,
    },
    finish,
    /** The call has committed: the input estimate is taken now and the request let go. */
    committed: input.settle,
    countGatewayAttempts(attempts: number | undefined) {
      if (attempts && attempts > 1) recorder.state.attempts += attempts - 1;
    },
    served(): ServedBy {
      const target = describe(recorder.state.targetIndex);
      return {
        provider: target.provider ?? '',
        model: target.model ?? requestedModel,
        attempts: recorder.state.attempts,
        fallbackIndex: recorder.state.targetIndex,
      };
    },
    fail(error: unknown): CallFailure {
      if (CallFailure.isInstance(error)) return error;
      const aborted = classifyError(error, signal).kind === 'aborted';
      const event = finish(aborted ? 'aborted' : 'error', undefined, error);
      return new CallFailure({
        error,
        event,
        provider: describe(recorder.state.targetIndex).provider,
        attempts: recorder.state.attempts,
      });
    },
  };
}

/** What a budget reserves for: each target's price, the input estimate, the output cap. */
function budgetCallOf<T>(spec: CallSpec<T>, inputTokens: () => number) {
  return {
    subject: spec.subject,
    targets: spec.targets.map((t) => ({
      ...spec.describe(t),
      maxUnitCostUsd: spec.maxUnitCostUsd?.(t),
    })),
    inputTokens: inputTokens(),
    maxOutputTokens: spec.maxOutputTokens,
  };
}

/**
 * The input token estimate, worked out at most once and only when needed (usage the upstream
 * did not report, a budget). `settle` takes it now and drops the function, which holds the
 * request: a committed stream keeps its call for the answer's length, not its prompt.
 */
function inputEstimate(estimate: (() => number) | undefined) {
  let source = estimate;
  let tokens: number | undefined;
  const get = (): number => {
    if (tokens === undefined) {
      tokens = source?.() ?? 0;
      source = undefined;
    }
    return tokens;
  };
  return {
    tokens: get,
    settle: () => {
      get();
    },
  };
}

/** The call's budgets, engine's first; undefined for none (most calls: nothing to allocate). */
function budgetGuards(
  engine: BudgetGuard | undefined,
  call: readonly BudgetGuard[] | undefined,
): readonly BudgetGuard[] | undefined {
  if (!call || call.length === 0) return engine ? [engine] : undefined;
  return engine ? [engine, ...call] : call;
}

function tooManyTargets(count: number, max: number): InvalidRequestError {
  return new InvalidRequestError({
    code: count === 0 ? 'invalid_model' : 'too_many_models',
    param: 'models',
    message:
      count === 0
        ? 'No model to call.'
        : `Too many models to try: ${count} (at most ${max}, the model and its fallbacks, ` +
          'duplicates removed). Shorten the fallback list.',
  });
}

function reportSettleError(error: unknown): void {
  console.error(
    `[stereos] budget settle failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}
