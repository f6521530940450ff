import { OpenAPIHono } from '@hono/zod-openapi';
import {
  type EmbeddingsCallResult,
  embeddingsRequestSchema,
  formatZodIssues,
  STEREOS_RESPONSE_HEADERS,
  userProblem,
} from '@stereos/core';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import { invalidRequest } from '../../errors/api-error';
import type { InflightCalls } from '../../http/inflight-calls';
import { parseJsonObject } from '../../http/parse-json-object';
import { readBodyText } from '../../http/read-body-text';
import { requestHeaders } from '../../http/request-headers';
import { servedHeaders } from '../../http/served-headers';
import type { KeyPolicy } from '../../policy/key-policy';
import { readCallOptions } from '../chat/read-call-options';
import { checkModelId } from '../chat/read-chat-request';
import { callCredentials } from '../messages/call-credentials';
import { embeddingsRoute } from './embeddings-doc';
import { type EmbeddingsDeps, embeddingsGatewayOf } from './embeddings-gateway-of';

export interface EmbeddingsRouteDeps extends EmbeddingsDeps {
  inflight: InflightCalls;
  /** Virtual keys' models, rate limits, budget and subject (403 / 429 before the call). */
  policy?: KeyPolicy | undefined;
}

/**
 * `POST /v1/embeddings`: the OpenAI embeddings API, routed by `model` as chat is and forwarded to
 * the provider's OpenAI-wire `/embeddings` (the upstream's answer is passed on as it is), with
 * the same keys, budgets, caps, fallback and one `embeddings` event. Anthropic has no embeddings
 * endpoint: a 400 names it. https://platform.openai.com/docs/api-reference/embeddings
 */
export function createEmbeddingsRoutes(
  config: ServerConfig,
  deps: EmbeddingsRouteDeps,
): OpenAPIHono<AppEnv> {
  const gateway = embeddingsGatewayOf(config, deps);
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(embeddingsRoute);
  app.post('/v1/embeddings', async (c) => {
    const body = readEmbeddingsRequest(await readBodyText(c, config.maxBodyBytes));
    c.set('requestedModel', body.model);
    c.set('stream', false);
    const headers = requestHeaders(c);
    const call = readCallOptions(headers);
    const auth = c.get('auth');
    const requestId = c.get('requestId');
    const admitted = await deps.policy?.admit({
      auth,
      models: [body.model, ...(call.fallbackModels ?? [])],
      subject: { user: call.user, tags: call.tags, metadata: call.metadata },
    });
    const subject = admitted?.subject ?? call;
    const result = await gateway.embed({
      body,
      fallbackModels: call.fallbackModels,
      credentials: callCredentials(auth, headers, config.allowAnonymous, {
        clientModel: body.model,
        servedModel: body.model,
      }),
      budgets: admitted?.budgets,
      signal: deps.inflight.signal(c),
      requestId,
      user: subject.user,
      tags: subject.tags,
      metadata: subject.metadata,
      keyId: auth.keyId,
    });
    c.set('requestIdSent', true);
    return toResponse(result, requestId, admitted?.headers);
  });
  return app;
}

function toResponse(
  result: EmbeddingsCallResult,
  requestId: string,
  extra: Record<string, string> | undefined,
): Response {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...servedHeaders(result.served, requestId),
    ...extra,
  };
  if (result.costUsd !== undefined)
    headers[STEREOS_RESPONSE_HEADERS.costUsd] = String(result.costUsd);
  return new Response(result.body, { status: 200, headers });
}

/** Parses and validates the body; 400s name the field. `model` and `user` are bounded. */
function readEmbeddingsRequest(text: string) {
  const { json } = parseJsonObject(
    text,
    'https://platform.openai.com/docs/api-reference/embeddings/create',
  );
  const { model } = json as { model?: unknown };
  if (typeof model === 'string') checkModelId(model, 'model');
  const parsed = embeddingsRequestSchema.safeParse(json);
  if (!parsed.success) {
    const param = parsed.error.issues[0]?.path.join('.') || undefined;
    throw invalidRequest(formatZodIssues(parsed.error), 'invalid_value', param);
  }
  const { user } = parsed.data;
  const problem = user === undefined ? undefined : userProblem(user);
  if (problem) throw invalidRequest(`user: ${problem}`, 'invalid_value', 'user');
  return parsed.data;
}
