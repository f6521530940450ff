import type { BudgetGuard } from '../budget/budget-guard';
import type { CallSpec, CallSubject } from '../engine/call-adapter';
import type { CallEngine } from '../engine/call-engine';
import { CallFailure } from '../errors/call-failure';
import { type GatewayCallError, toGatewayCallError } from '../errors/gateway-call-error';
import type { ProviderConfigs } from '../upstream/provider-config';
import type { GatewayEngine } from './chat-gateway';
import {
  type ChatCredentials,
  type ChatTarget,
  resolveChatTargets,
  type TargetRouting,
} from './chat-targets';

/*
 * The steps every server face of the engine (chat, responses, embeddings, the OpenAI endpoints)
 * takes around a call, in one place.
 */

/** Who calls and for whom: the part of a call's input every face of the engine shares. */
export interface GatewayCaller {
  /** Models to try after the call's model, in order. */
  fallbackModels?: readonly string[] | undefined;
  /** Which provider keys the call may use. */
  credentials: ChatCredentials;
  /** Budgets of this call besides the gateway's own, e.g. its virtual key's. */
  budgets?: readonly BudgetGuard[] | undefined;
  signal?: AbortSignal | undefined;
  requestId?: string | undefined;
  user?: string | undefined;
  tags?: readonly string[] | undefined;
  metadata?: Record<string, string> | undefined;
  keyId?: string | undefined;
}

/**
 * A face's call up to the engine: the event's subject (the caller's end user, else the body's),
 * the keys to redact, the routed targets (a model that cannot be served is one recorded 400) and
 * the engine's `CallSpec` (`models[0]` is the requested model).
 */
export function beginFaceCall(
  gateway: GatewayEngine,
  input: GatewayCaller,
  call: {
    models: readonly [string, ...string[]];
    operation: string;
    stream: boolean;
    /** The end user named in the body, when the caller named none. */
    bodyUser?: string | undefined;
    /** Per-call routing headers (Cloudflare, Anthropic); the gateway's routes are added. */
    routing?: Omit<TargetRouting, 'routes'> | undefined;
    check?: (target: ChatTarget) => void;
  } & Pick<CallSpec<ChatTarget>, 'estimateInputTokens' | 'maxOutputTokens' | 'maxUnitCostUsd'>,
): { spec: CallSpec<ChatTarget>; secrets: (string | undefined)[] } {
  const subject: CallSubject = {
    user: input.user ?? call.bodyUser,
    tags: input.tags,
    metadata: input.metadata,
    requestId: input.requestId,
    keyId: input.keyId,
  };
  const secrets = callSecrets(input.credentials, gateway.configuredKeys);
  const targets = routeOrReject(gateway.engine, {
    models: call.models,
    providers: gateway.options.providers,
    credentials: input.credentials,
    routing: { ...call.routing, routes: gateway.options.routes },
    operation: call.operation,
    stream: call.stream,
    subject,
    check: call.check,
  });
  const spec: CallSpec<ChatTarget> = {
    operation: call.operation,
    stream: call.stream,
    targets,
    describe: describeTarget,
    requestedModel: call.models[0],
    subject,
    signal: input.signal,
    secrets,
    estimateInputTokens: call.estimateInputTokens,
    maxOutputTokens: call.maxOutputTokens,
    budgets: input.budgets,
    maxUnitCostUsd: call.maxUnitCostUsd,
  };
  return { spec, secrets };
}

/** How a target is named in events: its provider and upstream model. */
export function describeTarget(target: ChatTarget): { provider: string; model: string } {
  return { provider: target.provider.id, model: target.upstreamModel };
}

/** Keys in play for a call: the caller's and the operator's, redacted from every message. */
export function callSecrets(
  credentials: ChatCredentials,
  configuredKeys: readonly (string | undefined)[],
): (string | undefined)[] {
  return [
    credentials.callerKey,
    ...Object.values(credentials.providerKeys ?? {}),
    ...configuredKeys,
  ];
}

/**
 * Routes a call's models into targets (and runs `check` on each); a model that cannot be served
 * is recorded as one `invalid_request` event and thrown as the client's `GatewayCallError`.
 */
export function routeOrReject(
  engine: CallEngine,
  call: {
    models: readonly string[];
    providers: ProviderConfigs;
    credentials: ChatCredentials;
    routing: TargetRouting;
    operation: string;
    stream: boolean;
    subject: CallSubject;
    check?: (target: ChatTarget) => void;
  },
): ChatTarget[] {
  try {
    const targets = resolveChatTargets(call.models, call.providers, call.credentials, call.routing);
    if (call.check) for (const target of targets) call.check(target);
    return targets;
  } catch (error) {
    const event = engine.reject({
      status: 'invalid_request',
      error,
      operation: call.operation,
      requestedModel: call.models[0],
      stream: call.stream,
      subject: call.subject,
    });
    throw toGatewayCallError(error, { event });
  }
}

/** The engine's failure as the client's `GatewayCallError` (carrying the recorded event). */
export function clientFailure(
  error: unknown,
  signal: AbortSignal | undefined,
  secrets: readonly (string | undefined)[],
): unknown {
  if (!CallFailure.isInstance(error)) return error;
  const { failed } = error;
  return toGatewayCallError(failed.error, {
    signal,
    provider: failed.provider,
    attempts: failed.attempts,
    event: failed.event,
    secrets,
  }) satisfies GatewayCallError;
}
