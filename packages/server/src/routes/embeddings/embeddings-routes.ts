import { OpenAPIHono } from '@hono/zod-openapi';
import {
  type EmbeddingsCallResult,
  type EmbeddingsGateway,
  embeddingsRequestSchema,
  formatZodIssues,
  STEREOS_RESPONSE_HEADERS,
  userProblem,
} from '@stereos/core';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import { invalidRequest } from '../../errors/api-error';
import { parseJsonObject } from '../../http/parse-json-object';
import { readBodyText } from '../../http/read-body-text';
import { servedHeaders } from '../../http/served-headers';
import { type CallRouteDeps, readAndAdmitCall } from '../call/admit-call';
import { answerCall } from '../call/answer-call';
import { checkModelId } from '../chat/read-chat-request';
import { embeddingsRoute } from './embeddings-doc';

/**
 * `POST /v1/embeddings`: the OpenAI embeddings API, routed by `model` as chat is and forwarded to
 * the provider's OpenAI-wire `/embeddings` (the upstream's answer is passed on as it is), with
 * the same keys, budgets, caps, fallback and one `embeddings` event. Anthropic has no embeddings
 * endpoint: a 400 names it. https://platform.openai.com/docs/api-reference/embeddings
 */
export function createEmbeddingsRoutes(
  gateway: EmbeddingsGateway,
  config: ServerConfig,
  deps: CallRouteDeps,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(embeddingsRoute);
  app.post('/v1/embeddings', async (c) => {
    const body = readEmbeddingsRequest(await readBodyText(c, config.maxBodyBytes));
    const { caller, headers } = await readAndAdmitCall(c, deps, body.model, false);
    const result = await gateway.embed({ ...caller, body });
    return answerCall(c, result, (r) => toResponse(r, c.get('requestId'), headers));
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
