import { OpenAPIHono } from '@hono/zod-openapi';
import { type ChatCallResult, type ChatGateway, STEREOS_RESPONSE_HEADERS } from '@stereos/core';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import type { InflightCalls } from '../../http/inflight-calls';
import { sendNodeStream, sendNodeText } from '../../http/node-response';
import { readBodyText } from '../../http/read-body-text';
import { requestHeaders } from '../../http/request-headers';
import { servedHeaders } from '../../http/served-headers';
import type { KeyPolicy } from '../../policy/key-policy';
import type { ChatResponseCache } from '../../response-cache/chat-response-cache';
import { callCredentials } from '../call/call-credentials';
import { chatCompletionsRoute } from './chat-route';
import { readCallOptions } from './read-call-options';
import { readChatRequest } from './read-chat-request';
import { readCloudflareOptions } from './read-cloudflare-options';

export interface ChatRouteOptions {
  maxBodyBytes: number;
  /** Whether passthrough callers may be served by the operator's env keys. */
  allowAnonymous: boolean;
  /** Where calls in flight are kept, for shutdown. */
  inflight: InflightCalls;
  /** Virtual keys' models, rate limits, budget and subject (403 / 429 before the call). */
  policy?: KeyPolicy | undefined;
  /** The opt-in response cache (`cf-aig-cache-ttl`, `Cache-Control: max-age`). */
  cache?: ChatResponseCache | undefined;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

/**
 * `POST /v1/chat/completions`: parse and validate, hand the call to core's chat gateway (the call
 * engine: routing, budget, retries, fallback, usage and the event all live there), and write its
 * typed answer as HTTP with the `x-stereos-*` headers.
 */
export function createChatRoutes(
  gateway: ChatGateway,
  options: ChatRouteOptions,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(chatCompletionsRoute);
  app.post(chatCompletionsRoute.path, async (c) => {
    const { body, rawBody } = readChatRequest(await readBodyText(c, options.maxBodyBytes));
    c.set('requestedModel', body.model);
    c.set('stream', body.stream === true);
    const headers = requestHeaders(c);
    const call = readCallOptions(headers);
    const cloudflareHeaders = readCloudflareOptions(headers);
    const auth = c.get('auth');
    const requestId = c.get('requestId');
    const admitted = await options.policy?.admit({
      auth,
      models: [body.model, ...bodyFallbackModels(body), ...(call.fallbackModels ?? [])],
      subject: { user: call.user, tags: call.tags, metadata: call.metadata },
    });
    const subject = admitted?.subject ?? call;
    const { cache } = options;
    const cached = await cache?.lookup(headers, {
      body,
      fallbackModels: call.fallbackModels,
      auth,
    });
    if (cache && cached?.hit) {
      c.set('requestIdSent', true);
      return cache.replay(cached.hit, {
        body,
        subject: { ...subject, requestId, keyId: auth.keyId },
        headers: admitted?.headers,
      });
    }
    let result = await gateway.chat({
      body,
      rawBody,
      fallbackModels: call.fallbackModels,
      credentials: callCredentials(auth, headers, options.allowAnonymous, {
        clientModel: body.model,
        servedModel: body.model,
      }),
      cloudflareHeaders,
      budgets: admitted?.budgets,
      // Aborts the upstream call when the client disconnects, or at shutdown.
      signal: options.inflight.signal(c),
      requestId,
      user: subject.user,
      tags: subject.tags,
      metadata: subject.metadata,
      keyId: auth.keyId,
    });
    if (cache && cached) result = cache.keep(cached, result);
    try {
      const response = toResponse(c, result, requestId, admitted?.headers);
      c.set('requestIdSent', true);
      return response;
    } catch (error) {
      // Never leave an upstream stream open behind an error answer: cancelling it ends the
      // call (and records it).
      if (result.kind === 'stream') await result.body.cancel(error).catch(() => {});
      throw error;
    }
  });
  return app;
}

/**
 * The served answer as HTTP; a plain headers object keeps the runtime's fast response path. On
 * Node it is written to the socket directly (`sendNodeText`, `sendNodeStream`).
 */
function toResponse(
  c: Context,
  result: ChatCallResult,
  requestId: string,
  extra: Record<string, string> | undefined,
): Response {
  // One headers object: the served headers, then the answer's own.
  const headers = servedHeaders(result.served, requestId, result.cacheStatus);
  if (extra) Object.assign(headers, extra);
  if (result.kind === 'json') {
    if (result.costUsd !== undefined)
      headers[STEREOS_RESPONSE_HEADERS.costUsd] = String(result.costUsd);
    Object.assign(headers, JSON_HEADERS);
    return (
      sendNodeText(c, result.body, headers) ?? new Response(result.body, { status: 200, headers })
    );
  }
  Object.assign(headers, SSE_HEADERS);
  return sendNodeStream(c, result, headers) ?? new Response(result.body, { status: 200, headers });
}

/** The body's `models` (OpenRouter-style fallback list; core takes it from the body). */
function bodyFallbackModels(body: object): string[] {
  const { models } = body as { models?: unknown };
  return Array.isArray(models) ? models.filter((m): m is string => typeof m === 'string') : [];
}
