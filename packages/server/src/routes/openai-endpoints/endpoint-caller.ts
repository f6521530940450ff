import {
  type EndpointCaller,
  formatZodIssues,
  type ServedBy,
  STEREOS_RESPONSE_HEADERS,
  userProblem,
} from '@stereos/core';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import { invalidRequest } from '../../errors/api-error';
import type { InflightCalls } from '../../http/inflight-calls';
import { parseJsonObject } from '../../http/parse-json-object';
import { requestHeaders } from '../../http/request-headers';
import { servedHeaders } from '../../http/served-headers';
import type { KeyPolicy } from '../../policy/key-policy';
import { readCallOptions } from '../chat/read-call-options';
import { checkModelId } from '../chat/read-chat-request';
import { callCredentials } from '../messages/call-credentials';

/** What the routes beside chat need from the app. */
export interface EndpointRouteDeps {
  inflight: InflightCalls;
  /** Virtual keys' models, rate limits, budget and subject (403 / 429 before the call). */
  policy?: KeyPolicy | undefined;
}

/**
 * Who calls and for whom, as for chat: `x-stereos-*` options, the key policy's admission
 * (models, rate limits, budgets → 403 / 429 before any upstream call), the provider keys the
 * call may use, and the call's signal. Returns the admission's headers for the answer.
 */
export async function admitCaller(
  c: Context<AppEnv>,
  config: ServerConfig,
  deps: EndpointRouteDeps,
  model: string,
  stream: boolean,
): Promise<{ caller: EndpointCaller; headers: Record<string, string> | undefined }> {
  c.set('requestedModel', model);
  c.set('stream', stream);
  const headers = requestHeaders(c);
  const call = readCallOptions(headers);
  const auth = c.get('auth');
  const admitted = await deps.policy?.admit({
    auth,
    models: [model, ...(call.fallbackModels ?? [])],
    subject: { user: call.user, tags: call.tags, metadata: call.metadata },
  });
  const subject = admitted?.subject ?? call;
  return {
    caller: {
      fallbackModels: call.fallbackModels,
      credentials: callCredentials(auth, headers, config.allowAnonymous, {
        clientModel: model,
        servedModel: model,
      }),
      budgets: admitted?.budgets,
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

/**
 * Parses and validates a JSON body against an endpoint's schema; 400s name the field. `model`
 * (when given) and `user` are bounded as for chat.
 */
export function readJsonRequest<S extends z.ZodType>(
  text: string,
  schema: S,
  docsUrl: string,
): z.infer<S> {
  const { json } = parseJsonObject(text, docsUrl);
  const { model, user } = json as { model?: unknown; user?: unknown };
  if (typeof model === 'string') checkModelId(model, 'model');
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const param = parsed.error.issues[0]?.path.join('.') || undefined;
    throw invalidRequest(formatZodIssues(parsed.error), 'invalid_value', param);
  }
  const problem = typeof user === 'string' ? userProblem(user) : undefined;
  if (problem) throw invalidRequest(`user: ${problem}`, 'invalid_value', 'user');
  return parsed.data;
}

/** The headers of a served answer: what served it, its cost, the key's rate limits. */
export function answerHeaders(
  c: Context<AppEnv>,
  served: ServedBy,
  contentType: string,
  costUsd: number | undefined,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  c.set('requestIdSent', true);
  const headers: Record<string, string> = {
    'content-type': safeContentType(contentType),
    ...servedHeaders(served, c.get('requestId')),
    ...extra,
  };
  if (costUsd !== undefined) headers[STEREOS_RESPONSE_HEADERS.costUsd] = String(costUsd);
  return headers;
}

/** An upstream's content type, passed on only when it is a plain media type. */
function safeContentType(value: string): string {
  return /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+"-]+)*$/.test(value) && value.length <= 200
    ? value
    : 'application/octet-stream';
}
