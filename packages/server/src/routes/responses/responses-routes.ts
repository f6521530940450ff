import { OpenAPIHono } from '@hono/zod-openapi';
import {
  type ResponsesCallResult,
  type ResponsesGateway,
  STEREOS_RESPONSE_HEADERS,
} from '@stereos/core';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import { readBodyText } from '../../http/read-body-text';
import { servedHeaders } from '../../http/served-headers';
import { type CallRouteDeps, readAndAdmitCall } from '../call/admit-call';
import { answerCall } from '../call/answer-call';
import { readResponsesRequest } from './read-responses-request';
import { responsesRoute } from './responses-doc';

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
  gateway: ResponsesGateway,
  config: ServerConfig,
  deps: CallRouteDeps,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(responsesRoute);
  app.post(responsesRoute.path, async (c) => {
    const { body, rawBody } = readResponsesRequest(await readBodyText(c, config.maxBodyBytes));
    const stream = body.stream === true;
    const { caller, headers } = await readAndAdmitCall(c, deps, body.model, stream);
    const result = await gateway.respond({ ...caller, body, rawBody });
    return answerCall(c, result, (r) => toResponse(r, c.get('requestId'), headers));
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
