import { classifyError, type FailureInfo } from '../errors/classify-error';
import { AttemptTimeoutError } from '../errors/timeout-error';
import { backoffDelayMs, type RetryOptions, sleep } from './retry-policy';

/** What one attempt is told: which target, which try, and the signal that cancels it. */
export interface AttemptContext {
  targetIndex: number;
  /** 1-based attempt number over the whole call (retries and fallbacks included). */
  attempt: number;
  /** 0 for the first try on this target, 1 for its first retry, … */
  retryIndex: number;
  /** Aborts on the caller's abort and on the per-attempt timeout. */
  signal: AbortSignal;
}

/** One finished attempt, for events and spans. */
export interface AttemptRecord {
  targetIndex: number;
  attempt: number;
  durationMs: number;
  failure?: FailureInfo;
}

/**
 * Progress of one call. The caller creates it and reads it afterwards, also when the call
 * failed; it is never shared between calls.
 */
export interface ExecutionState {
  attempts: number;
  /** Index of the target that served (or was tried last). */
  targetIndex: number;
  records: AttemptRecord[];
  /**
   * Unhooks the attempts from the caller's signal. Call it when the call is over (a stream: when
   * it ended), so a long-lived caller signal does not collect listeners.
   */
  release(): void;
  /** Registers work for `release` (used by the attempts themselves). */
  onRelease(cleanup: () => void): void;
}

export interface ExecuteOptions {
  retry: RetryOptions;
  /** Upstream attempts of the whole call at most, retries and fallbacks included. */
  maxAttempts?: number | undefined;
  /** Per-attempt time limit; for streams it runs until the first content part. */
  timeoutMs: number;
  /** The caller's abort signal. */
  signal?: AbortSignal | undefined;
  /** Called when an attempt starts and ends (telemetry). */
  onAttempt?: (event: {
    phase: 'start' | 'end';
    context: AttemptContext;
    record?: AttemptRecord;
  }) => void;
}

export function createExecutionState(): ExecutionState {
  const cleanups: (() => void)[] = [];
  return {
    attempts: 0,
    targetIndex: 0,
    records: [],
    release() {
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
    onRelease(cleanup) {
      cleanups.push(cleanup);
    },
  };
}

/**
 * Runs `attempt` over `targets` in order: retryable failures are retried on the same target with
 * backoff (honouring `retry-after`), other failures move to the next target, the caller's abort
 * stops everything. Throws the last failure when every target failed. For streams, `attempt`
 * resolves once the stream has committed (see `commitStream`), so the same loop decides.
 */
export async function executeWithFallback<T, R>(
  targets: readonly T[],
  options: ExecuteOptions,
  attempt: (target: T, context: AttemptContext) => PromiseLike<R>,
  state: ExecutionState = createExecutionState(),
): Promise<R> {
  // Made only when needed: an Error captures a stack trace (microseconds on every call).
  let lastError: unknown;
  const failure = () => lastError ?? new Error('No targets to call');
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  for (let targetIndex = 0; targetIndex < targets.length; targetIndex++) {
    state.targetIndex = targetIndex;
    for (let retryIndex = 0; ; retryIndex++) {
      // The cap holds across retries and fallbacks: one request never fans out further.
      if (state.attempts >= maxAttempts) throw failure();
      const context = startAttempt(state, targetIndex, retryIndex, options);
      try {
        const value = await runWithTimeout(
          attempt(targets[targetIndex] as T, context),
          context,
          options,
        );
        endAttempt(state, context, options);
        return value;
      } catch (error) {
        lastError = error;
        const failure = classifyError(error, options.signal);
        endAttempt(state, context, options, failure);
        // A gateway behind this one (a Stereos server) already retried: count its attempts.
        if (failure.gatewayAttempts) state.attempts += failure.gatewayAttempts - 1;
        const delay = retryDelay(failure, retryIndex, options);
        if (delay === undefined) {
          if (!failure.fallbackable) throw error;
          break;
        }
        await sleep(delay, options.signal);
      }
    }
  }
  throw failure();
}

interface LiveContext extends AttemptContext {
  startedAt: number;
  controller: AbortController;
}

function startAttempt(
  state: ExecutionState,
  targetIndex: number,
  retryIndex: number,
  options: ExecuteOptions,
): LiveContext {
  state.attempts += 1;
  const controller = new AbortController();
  const context: LiveContext = {
    targetIndex,
    attempt: state.attempts,
    retryIndex,
    signal: controller.signal,
    startedAt: performance.now(),
    controller,
  };
  const unlink = linkCallerSignal(options.signal, controller);
  if (unlink) state.onRelease(unlink);
  options.onAttempt?.({ phase: 'start', context });
  return context;
}

/**
 * The caller's abort aborts the attempt. Linked by hand: `AbortSignal.any` costs more than the
 * rest of an attempt's bookkeeping on Node 20, and this listener is removed with the attempt.
 */
function linkCallerSignal(
  caller: AbortSignal | undefined,
  controller: AbortController,
): (() => void) | undefined {
  if (!caller) return undefined;
  if (caller.aborted) {
    controller.abort(caller.reason);
    return undefined;
  }
  const onAbort = () => controller.abort(caller.reason);
  caller.addEventListener('abort', onAbort, { once: true });
  return () => caller.removeEventListener('abort', onAbort);
}

function endAttempt(
  state: ExecutionState,
  context: LiveContext,
  options: ExecuteOptions,
  failure?: FailureInfo,
): void {
  const record: AttemptRecord = {
    targetIndex: context.targetIndex,
    attempt: context.attempt,
    durationMs: performance.now() - context.startedAt,
  };
  if (failure) record.failure = failure;
  state.records.push(record);
  options.onAttempt?.({ phase: 'end', context, record });
}

/**
 * Races the attempt against its timeout; on timeout the attempt's signal aborts its request. One
 * promise settled by whichever comes first (hot path: no `Promise.race`, no extra hops).
 */
function runWithTimeout<R>(
  work: PromiseLike<R>,
  context: LiveContext,
  options: ExecuteOptions,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new AttemptTimeoutError(options.timeoutMs);
      context.controller.abort(error);
      reject(error);
    }, options.timeoutMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // A failed attempt's request must not live on in the background.
        if (!context.controller.signal.aborted) context.controller.abort(error);
        reject(error);
      },
    );
  });
}

/** Delay before retrying the same target, or undefined to stop retrying it. */
function retryDelay(
  failure: FailureInfo,
  retryIndex: number,
  options: ExecuteOptions,
): number | undefined {
  if (!failure.retryable || retryIndex >= options.retry.maxRetries) return undefined;
  const maxRetryAfter = options.retry.maxRetryAfterMs ?? 30_000;
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs > maxRetryAfter) return undefined;
  return backoffDelayMs(retryIndex, options.retry, failure.retryAfterMs);
}
