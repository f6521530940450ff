import type { Span } from '@opentelemetry/api';
import { computeCostUsd, type PriceTable } from '../catalog/prices';
import { classifyError } from '../errors/classify-error';
import { clientErrorFields } from '../errors/gateway-call-error';
import { InvalidRequestError } from '../errors/invalid-request-error';
import { endSpanWithError, isTraced, startAttemptSpan, startCallSpan } from '../telemetry/tracing';
import type {
  GatewayEvent,
  GatewayEventSink,
  GatewayEventStatus,
  TokenUsage,
  UsageUnits,
} from '../usage/gateway-event';
import { redactSecrets } from '../util/redact';
import type { ExecuteOptions, ExecutionState } from './execute-with-fallback';
import { createExecutionState } from './execute-with-fallback';

export interface CallRecorderOptions {
  gateway: string;
  operation?: string;
  requestedModel: string;
  stream: boolean;
  user?: string | undefined;
  tags?: readonly string[] | undefined;
  metadata?: Record<string, string> | undefined;
  requestId?: string | undefined;
  keyId?: string | undefined;
  sinks: readonly GatewayEventSink[];
  /** Prices the event; the catalog's table by default. */
  prices?: Pick<PriceTable, 'computeCostUsd'> | undefined;
  /** Secrets (keys) that must never appear in an event's error message. */
  secrets?: readonly (string | undefined)[];
  /** Provider and model of a target, for attempt spans and the event. */
  describeTarget?: (targetIndex: number) => {
    provider?: string | undefined;
    model?: string | undefined;
    gateway?: string | undefined;
  };
}

/** How the call ended, as the face saw it. */
export interface CallOutcome {
  status: GatewayEventStatus;
  usage?: TokenUsage | undefined;
  usageEstimated?: boolean;
  finishReason?: string | undefined;
  error?: unknown;
  /** Override the provider/model of the serving target (e.g. the model the upstream reported). */
  provider?: string | undefined;
  model?: string | undefined;
  /** The answer came from a cache (a gateway's or ours): it cost nothing. */
  cacheHit?: boolean | undefined;
  /** The cost the serving gateway reported; wins over the price table's estimate. */
  costUsd?: number | undefined;
  /** Usage that is not tokens (images, characters, audio seconds). */
  units?: UsageUnits | undefined;
}

/** Records one call: its span, its attempts' spans, and the one `GatewayEvent` at its end. */
export interface CallRecorder {
  /** Fill by passing to `executeWithFallback`; read for attempts and fallback index. */
  readonly state: ExecutionState;
  /** Pass as `ExecuteOptions.onAttempt`: one child span per attempt. */
  readonly onAttempt: NonNullable<ExecuteOptions['onAttempt']>;
  /** Marks the first content part of a stream (time to first token). */
  markFirstToken(): void;
  /**
   * Ends the call: releases its attempts' hold on the caller's signal, builds and emits the event.
   * Only the first call counts; later calls return that event.
   */
  finish(outcome: CallOutcome): GatewayEvent;
}

let counter = 0;
const RANDOM_PREFIX = Math.random().toString(36).slice(2, 8);

/** Creates a unique, sortable id for an event (no crypto call on the hot path). */
export function createEventId(): string {
  counter = (counter + 1) % 1e9;
  return `evt_${Date.now().toString(36)}${RANDOM_PREFIX}${counter.toString(36)}`;
}

export function createCallRecorder(options: CallRecorderOptions): CallRecorder {
  const started = performance.now();
  const timestamp = new Date().toISOString();
  const span = startCallSpan({
    operation: options.operation ?? 'chat',
    requestedModel: options.requestedModel,
    gateway: options.gateway,
    stream: options.stream,
  });
  const traced = isTraced(span);
  // Only a traced call has attempt spans (an untraced stream keeps no map for its whole length).
  const attemptSpans = traced ? new Map<number, Span>() : undefined;
  const state = createExecutionState();
  let firstTokenMs: number | undefined;
  let event: GatewayEvent | undefined;

  const onAttempt: CallRecorder['onAttempt'] = ({ phase, context, record }) => {
    if (!attemptSpans) return;
    if (phase === 'start') {
      const target = options.describeTarget?.(context.targetIndex) ?? {};
      attemptSpans.set(
        context.attempt,
        startAttemptSpan(span, {
          attempt: context.attempt,
          targetIndex: context.targetIndex,
          ...target,
        }),
      );
      return;
    }
    const attemptSpan = attemptSpans.get(context.attempt);
    attemptSpans.delete(context.attempt);
    if (!attemptSpan) return;
    if (record?.failure) {
      const message = redactSecrets(record.failure.message, [...(options.secrets ?? [])]);
      endSpanWithError(attemptSpan, message, record.failure.status);
    } else attemptSpan.end();
  };

  return {
    state,
    onAttempt,
    markFirstToken() {
      firstTokenMs ??= performance.now() - started;
    },
    finish(outcome) {
      if (event) return event;
      state.release();
      event = buildEvent(options, outcome, {
        timestamp,
        latencyMs: performance.now() - started,
        firstTokenMs,
        state,
      });
      if (traced) annotateSpan(span, event);
      emit(options.sinks, event);
      return event;
    },
  };
}

function buildEvent(
  options: CallRecorderOptions,
  outcome: CallOutcome,
  timing: {
    timestamp: string;
    latencyMs: number;
    firstTokenMs: number | undefined;
    state: ExecutionState;
  },
): GatewayEvent {
  const target = options.describeTarget?.(timing.state.targetIndex) ?? {};
  const provider = outcome.provider ?? target.provider;
  const model = outcome.model ?? target.model;
  const usage = outcome.usage;
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const cachedInputTokens = usage?.cachedInputTokens ?? 0;
  const reasoningTokens = usage?.reasoningTokens ?? 0;
  const cost = options.prices?.computeCostUsd ?? computeCostUsd;
  const costUsd = outcome.cacheHit
    ? 0
    : (outcome.costUsd ??
      (provider && model && usage
        ? cost({ provider, model, inputTokens, outputTokens, cachedInputTokens, reasoningTokens })
        : usage
          ? undefined
          : 0));
  return {
    id: createEventId(),
    timestamp: timing.timestamp,
    requestId: options.requestId,
    gateway: target.gateway ?? options.gateway,
    operation: options.operation ?? 'chat',
    stream: options.stream,
    provider,
    requestedModel: options.requestedModel,
    model,
    status: statusOf(outcome),
    attempts: timing.state.attempts,
    fallbackIndex: timing.state.targetIndex,
    latencyMs: round(timing.latencyMs),
    timeToFirstTokenMs: timing.firstTokenMs === undefined ? undefined : round(timing.firstTokenMs),
    inputTokens,
    outputTokens,
    cachedInputTokens,
    reasoningTokens,
    ...outcome.units,
    usageEstimated: outcome.usageEstimated ?? false,
    costUsd,
    cacheHit: outcome.cacheHit ?? false,
    finishReason: outcome.finishReason,
    user: options.user,
    tags: [...(options.tags ?? [])],
    metadata: { ...(options.metadata ?? {}) },
    keyId: options.keyId,
    error: outcome.error === undefined ? undefined : describeError(outcome.error, options),
  };
}

/**
 * The caller's own bad input is `invalid_request` whenever it is noticed: an upload that passes
 * its cap while an attempt streams it is recorded as one refused before the call (413 either way),
 * not as an upstream failure (`error` stays for what the upstreams did, a 502 answer over its cap
 * included).
 */
function statusOf(outcome: CallOutcome): GatewayEventStatus {
  if (outcome.status === 'error' && InvalidRequestError.isInstance(outcome.error)) {
    return 'invalid_request';
  }
  return outcome.status;
}

function describeError(error: unknown, options: CallRecorderOptions): GatewayEvent['error'] {
  const failure = classifyError(error);
  // The type and code a client sees in the error body (core's one mapping), so a refusal reads
  // the same in the event whether the server or the engine recorded it.
  const { type, code } = clientErrorFields(error, failure);
  return {
    message: bounded(redactSecrets(failure.message, [...(options.secrets ?? [])])),
    status: failure.status ?? (error as { status?: number })?.status,
    type,
    code: code || undefined,
  };
}

/** Events go to logs and ledgers: an upstream's message is kept to a readable length. */
const MAX_ERROR_MESSAGE = 1000;

function bounded(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE ? message : `${message.slice(0, MAX_ERROR_MESSAGE)}…`;
}

function annotateSpan(span: Span, event: GatewayEvent): void {
  span.setAttributes({
    'gen_ai.usage.input_tokens': event.inputTokens,
    'gen_ai.usage.output_tokens': event.outputTokens,
    'stereos.attempts': event.attempts,
    'stereos.fallback_index': event.fallbackIndex,
    'stereos.status': event.status,
    'stereos.usage_estimated': event.usageEstimated,
  });
  if (event.provider) span.setAttribute('gen_ai.provider.name', event.provider);
  if (event.model) span.setAttribute('gen_ai.response.model', event.model);
  if (event.costUsd !== undefined) span.setAttribute('stereos.cost_usd', event.costUsd);
  if (event.finishReason) span.setAttribute('gen_ai.response.finish_reasons', [event.finishReason]);
  if (event.timeToFirstTokenMs !== undefined) {
    span.setAttribute('stereos.time_to_first_token_ms', event.timeToFirstTokenMs);
  }
  if (event.status === 'success') span.end();
  else endSpanWithError(span, event.error?.message ?? event.status, event.error?.status);
}

function emit(sinks: readonly GatewayEventSink[], event: GatewayEvent): void {
  for (const sink of sinks) {
    try {
      const result = sink(event);
      if (result && typeof (result as Promise<void>).catch === 'function') {
        (result as Promise<void>).catch(reportSinkError);
      }
    } catch (error) {
      reportSinkError(error);
    }
  }
}

function reportSinkError(error: unknown): void {
  console.error(
    `[stereos] usage sink failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
