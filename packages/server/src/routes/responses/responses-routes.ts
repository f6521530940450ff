import { OpenAPIHono } from '@hono/zod-openapi';
import { type ResponsesCallResult, STEREOS_RESPONSE_HEADERS } from '@stereos/core';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import type { InflightCalls } from '../../http/inflight-calls';
import { readBodyText } from '../../http/read-body-text';
import { requestHeaders } from '../../http/request-headers';
import { servedHeaders } from '../../http/served-headers';
import type { KeyPolicy } from '../../policy/key-policy';
import { readCallOptions } from '../chat/read-call-options';
import { callCredentials } from '../messages/call-credentials';
import { readResponsesRequest } from './read-responses-request';
import { responsesRoute } from './responses-doc';
import { type ResponsesDeps, responsesGatewayOf } from './responses-gateway-of';

export interface ResponsesRouteDeps extends ResponsesDeps {
  inflight: InflightCalls;
  /** Virtual keys' models, rate limits, budget and subject (403 / 429 before the call). */
  policy?: KeyPolicy | undefined;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

/** Says how the call was served: `passthrough` to a Responses API, or `translated` via Chat. */
export const RESPONSES_MODE_HEADER = 'x-stereos-responses-mode';

/**
 * `POST /v1/responses`: the OpenAI Responses API, routed by `model` as chat is. Core passes it
 * through to providers that serve the Responses API and translates it to Chat Completions for
 * the others (the same keys, budgets, caps, retries, fallback and one `responses` event).
 * https://platform.openai.com/docs/api-reference/responses/create
 */
export function createResponsesRoutes(
  config: ServerConfig,
  deps: ResponsesRouteDeps,
): OpenAPIHono<AppEnv> {
  const gateway = responsesGatewayOf(config, deps);
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(responsesRoute);
  app.post(responsesRoute.path, async (c) => {
    const { body, rawBody } = readResponsesRequest(await readBodyText(c, config.maxBodyBytes));
    c.set('requestedModel', body.model);
    c.set('stream', body.stream === true);
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
    const result = await gateway.respond({
      body,
      rawBody,
      fallbackModels: call.fallbackModels,
      credentials: callCredentials(auth, headers, config.allowAnonymous, {
        clientModel: body.model,
        servedModel: body.model,
      }),
      budgets: admitted?.budgets,
      // Aborts the upstream call when the client disconnects, or at shutdown.
      signal: deps.inflight.signal(c),
      requestId,
      user: subject.user,
      tags: subject.tags,
      metadata: subject.metadata,
      keyId: auth.keyId,
    });
    try {
      const response = toResponse(result, requestId, admitted?.headers);
      c.set('requestIdSent', true);
      return response;
    } catch (error) {
      // Never leave an upstream stream open behind an error answer.
      if (result.kind === 'stream') await result.body.cancel(error).catch(() => {});
      throw error;
    }
  });
  return app;
}

function toResponse(
  result: ResponsesCallResult,
  requestId: string,
  extra: Record<string, string> | undefined,
): Response {
  const headers: Record<string, string> = { ...servedHeaders(result.served, requestId), ...extra };
  headers[RESPONSES_MODE_HEADER] = result.mode;
  if (result.kind === 'stream') {
    return new Response(result.body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
  }
  if (result.costUsd !== undefined)
    headers[STEREOS_RESPONSE_HEADERS.costUsd] = String(result.costUsd);
  return new Response(result.body, {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
