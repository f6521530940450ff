import { OpenAPIHono } from '@hono/zod-openapi';
import type { ChatCallResult, ChatGateway } from '@stereos/core';
import type { AppEnv } from '../../app-env';
import { chatCompletionsRoute } from './chat-route';
import { readCallOptions } from './read-call-options';
import { readChatRequest } from './read-chat-request';

/**
 * `POST /v1/chat/completions`: parse and validate, then hand everything to core's gateway
 * (routing, retries, fallback, Anthropic translation, usage and the event all live there) and
 * return its OpenAI-shaped response with the `x-stereos-*` headers.
 */
export function createChatRoutes(gateway: ChatGateway): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(chatCompletionsRoute);
  app.post(chatCompletionsRoute.path, async (c) => {
    const { body, rawBody } = readChatRequest(await c.req.text());
    c.set('requestedModel', body.model);
    c.set('stream', body.stream === true);
    const options = readCallOptions(c.req.raw.headers);
    const auth = c.get('auth');
    // From here on core records the call's event itself, whether it succeeds or not.
    c.set('eventRecorded', true);
    const result = await gateway.chat({
      body,
      rawBody,
      fallbackModels: options.fallbackModels,
      apiKey: auth.providerKey,
      // Aborts the upstream call when the client disconnects.
      signal: c.req.raw.signal,
      requestId: c.get('requestId'),
      user: options.user,
      tags: options.tags,
      metadata: options.metadata,
      keyId: auth.keyId,
    });
    return withServedHeaders(result, c.get('requestId'));
  });
  return app;
}

/** The gateway's response plus headers telling the client what served it. */
function withServedHeaders(result: ChatCallResult, requestId: string): Response {
  // Copied, not mutated: a Response's headers may be immutable (e.g. straight from fetch).
  const headers = new Headers(result.response.headers);
  headers.set('x-request-id', requestId);
  headers.set('x-stereos-provider', result.provider);
  headers.set('x-stereos-model', result.model);
  headers.set('x-stereos-attempts', String(result.attempts));
  headers.set('x-stereos-fallback-index', String(result.fallbackIndex));
  return new Response(result.response.body, { status: result.response.status, headers });
}
