import type { CallSubject } from '../engine/call-adapter';
import type { CallEngine } from '../engine/call-engine';
import { CallFailure } from '../errors/call-failure';
import { type GatewayCallError, toGatewayCallError } from '../errors/gateway-call-error';
import type { ProviderConfigs } from '../upstream/provider-config';
import {
  type ChatCredentials,
  type ChatTarget,
  resolveChatTargets,
  type TargetRouting,
} from './chat-targets';

/*
 * The steps every server face of the engine (chat, embeddings) takes around a call, in one place.
 */

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
