import { OpenAPIHono } from '@hono/zod-openapi';
import type { ChatGateway } from '@stereos/core';
import type { AppEnv } from '../../app-env';
import { disconnectSignal } from '../../http/disconnect-signal';
import { readBodyText } from '../../http/read-body-text';
import { requestHeaders } from '../../http/request-headers';
import { chatCompletionsRoute } from './chat-route';
import { readCallOptions } from './read-call-options';
import { readChatRequest } from './read-chat-request';

/**
 * `POST /v1/chat/completions`: parse and validate, then hand everything to core's gateway
 * (routing, retries, fallback, Anthropic translation, usage and the event all live there) and
 * return its OpenAI-shaped response with the `x-stereos-*` headers.
 */
export function createChatRoutes(gateway: ChatGateway, maxBodyBytes: number): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(chatCompletionsRoute);
  app.post(chatCompletionsRoute.path, async (c) => {
    const { body, rawBody } = readChatRequest(await readBodyText(c, maxBodyBytes));
    c.set('requestedModel', body.model);
    c.set('stream', body.stream === true);
    const options = readCallOptions(requestHeaders(c));
    const auth = c.get('auth');
    // From here on core records the call's event itself, whether it succeeds or not.
    c.set('eventRecorded', true);
    const requestId = c.get('requestId');
    const result = await gateway.chat({
      body,
      rawBody,
      fallbackModels: options.fallbackModels,
      apiKey: auth.providerKey,
      // Aborts the upstream call when the client disconnects.
      signal: disconnectSignal(c),
      requestId,
      responseHeaders: { 'x-request-id': requestId },
      user: options.user,
      tags: options.tags,
      metadata: options.metadata,
      keyId: auth.keyId,
    });
    // Returned as core built it: re-wrapping would lose the runtime's fast response path.
    return result.response;
  });
  return app;
}
