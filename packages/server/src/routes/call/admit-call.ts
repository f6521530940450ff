import type { GatewayCaller } from '@stereos/core';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import type { InflightCalls } from '../../http/inflight-calls';
import { type HeaderReader, requestHeaders } from '../../http/request-headers';
import type { KeyPolicy } from '../../policy/key-policy';
import { type CallOptions, readCallOptions } from '../chat/read-call-options';
import { callCredentials } from './call-credentials';

/*
 * The steps every call route takes between reading its body and calling its gateway face:
 * `x-stereos-*` options → the key policy's admission → the subject → the provider keys → the
 * common call input (`GatewayCaller`). Used by messages, embeddings, responses and the OpenAI
 * endpoints; written so that chat (`bodyFallbackModels`) can use it too.
 */

/** What the call routes need from the app. */
export interface CallRouteDeps {
  /** Whether passthrough callers may be served by the operator's env keys. */
  allowAnonymous: boolean;
  /** Where calls in flight are kept, for shutdown. */
  inflight: InflightCalls;
  /** Virtual keys' models, rate limits, budget and subject (403 / 429 before the call). */
  policy?: KeyPolicy | undefined;
}

/** A call's request as read, before admission. */
export interface CallRequest {
  /** The model routed first (the event's `requestedModel`). */
  model: string;
  headers: HeaderReader;
  /** The `x-stereos-*` options, `fallbackModels` mapped as served. */
  options: CallOptions;
  /** `model` and every fallback model, in order: what the key policy admits. */
  models: string[];
}

/**
 * Reads a call's `x-stereos-*` options (a bad one is a 400 naming the header), after marking the
 * request with its model and stream flag so a refusal is recorded with them.
 */
export function readCallRequest(
  c: Context<AppEnv>,
  call: {
    model: string;
    stream: boolean;
    /** The served model of each `x-stereos-fallback-models` entry (a model map). */
    mapModel?: ((model: string) => string) | undefined;
    /** Fallback models named in the body (chat's `models`): admitted, sent in the body. */
    bodyFallbackModels?: readonly string[] | undefined;
  },
): CallRequest {
  c.set('requestedModel', call.model);
  c.set('stream', call.stream);
  const headers = requestHeaders(c);
  const options = readCallOptions(headers);
  const { mapModel } = call;
  const fallbackModels = mapModel ? options.fallbackModels?.map(mapModel) : options.fallbackModels;
  return {
    model: call.model,
    headers,
    options: { ...options, fallbackModels },
    models: [call.model, ...(call.bodyFallbackModels ?? []), ...(fallbackModels ?? [])],
  };
}

/** An admitted call: its common call input, and the admission's headers for the answer. */
export interface AdmittedCall {
  caller: GatewayCaller;
  headers: Record<string, string> | undefined;
}

/**
 * Admits a read call (the key policy: models, rate limits, budget → 403 / 429 / 402 before any
 * upstream call) and builds its common call input: the subject with the key's merged in, the
 * provider keys it may use, its budgets and its signal (counted in flight from here on).
 * `clientModel` is the model the client named, when a model map serves another one.
 */
export async function admitCall(
  c: Context<AppEnv>,
  deps: CallRouteDeps,
  request: CallRequest,
  clientModel: string = request.model,
): Promise<AdmittedCall> {
  const { options } = request;
  const auth = c.get('auth');
  const admitted = await deps.policy?.admit({
    auth,
    models: request.models,
    subject: { user: options.user, tags: options.tags, metadata: options.metadata },
  });
  const subject = admitted?.subject ?? options;
  return {
    caller: {
      fallbackModels: options.fallbackModels,
      credentials: callCredentials(auth, request.headers, deps.allowAnonymous, {
        clientModel,
        servedModel: request.model,
      }),
      budgets: admitted?.budgets,
      // Aborts the upstream call when the client disconnects, or at shutdown.
      signal: deps.inflight.signal(c),
      requestId: c.get('requestId'),
      user: subject.user,
      tags: subject.tags,
      metadata: subject.metadata,
      keyId: auth.keyId,
    },
    headers: admitted?.headers,
  };
}

/** `readCallRequest` then `admitCall`, for a route with one model and no model map. */
export function readAndAdmitCall(
  c: Context<AppEnv>,
  deps: CallRouteDeps,
  model: string,
  stream: boolean,
): Promise<AdmittedCall> {
  return admitCall(c, deps, readCallRequest(c, { model, stream }));
}
