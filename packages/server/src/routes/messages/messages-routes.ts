import { OpenAPIHono } from '@hono/zod-openapi';
import {
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
  type ChatCallResult,
  type ChatCompletion,
  type ChatGateway,
  convertAnthropicRequestToChat,
  convertChatResponseToAnthropic,
  convertChatSSEToAnthropic,
  estimateAnthropicInputTokens,
  routeModel,
} from '@stereos/core';
import type { AppEnv } from '../../app-env';
import { type ModelMap, mapModel } from '../../config/model-map';
import { readBodyText } from '../../http/read-body-text';
import type { HeaderReader } from '../../http/request-headers';
import { servedHeaders } from '../../http/served-headers';
import { admitCall, type CallRouteDeps, readCallRequest } from '../call/admit-call';
import { answerCall } from '../call/answer-call';
import { countTokensRoute, messagesRoute } from './messages-doc';
import { readAnthropicRequest } from './read-anthropic-request';

export interface MessagesRouteOptions extends CallRouteDeps {
  maxBodyBytes: number;
  /** `STEREOS_MODEL_MAP`: the model served for a model a client asks for. */
  modelMap: ModelMap;
  /** `STEREOS_ROUTES` is set: some models may go through a gateway (no Anthropic extensions). */
  gatewayRoutes: boolean;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

/**
 * The Anthropic Messages API inbound, for Claude Code and `@anthropic-ai/sdk` with
 * `ANTHROPIC_BASE_URL` at the server: `POST /v1/messages` is translated to a Chat Completions
 * call and served by the same chat gateway as `/v1/chat/completions` (routing, keys, budgets,
 * caps, retries, fallback, one event), to any provider; its answer is translated back (JSON, or
 * the Messages event stream). `POST /v1/messages/count_tokens` answers an estimate.
 * https://docs.anthropic.com/en/api/messages
 */
export function createMessagesRoutes(
  gateway: ChatGateway,
  options: MessagesRouteOptions,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openAPIRegistry.registerPath(messagesRoute);
  app.openAPIRegistry.registerPath(countTokensRoute);
  // Claude Code opens its connection early with `HEAD {ANTHROPIC_BASE_URL}/api/hello` (also on
  // start-up and for subagents): a 200 with no key, so it is no 404 in the logs. HEAD is GET.
  app.get('/api/hello', (c) => c.json({ status: 'ok' }));
  app.post('/v1/messages', async (c) => {
    const text = await readBodyText(c, options.maxBodyBytes);
    const request = readAnthropicRequest(text, anthropicMessagesRequestSchema);
    const model = mapModel(options.modelMap, request.model);
    // Events name the model the gateway routes (the mapped one), refusals included.
    const call = readCallRequest(c, {
      model,
      stream: request.stream === true,
      mapModel: (m) => mapModel(options.modelMap, m),
    });
    const body = convertAnthropicRequestToChat(request, {
      model,
      anthropicTargets: !options.gatewayRoutes && call.models.every(isAnthropic),
    });
    const { caller, headers } = await admitCall(c, options, call, request.model);
    const result = await gateway.chat({
      ...caller,
      body,
      anthropicHeaders: readAnthropicHeaders(call.headers),
    });
    return answerCall(c, result, (r) => toResponse(r, c.get('requestId'), headers));
  });

  // An estimate for every provider: no upstream is called and no event is recorded.
  // https://docs.anthropic.com/en/api/messages-count-tokens
  app.post('/v1/messages/count_tokens', async (c) => {
    const text = await readBodyText(c, options.maxBodyBytes);
    const request = readAnthropicRequest(text, anthropicCountTokensRequestSchema);
    return c.json({ input_tokens: estimateAnthropicInputTokens(request) });
  });

  return app;
}

/** The served answer as a Messages response: JSON, or the Messages event stream. */
function toResponse(
  result: ChatCallResult,
  requestId: string,
  extra: Record<string, string> | undefined,
): Response {
  // `request-id` is where Anthropic clients look for the id (`_request_id` in the SDK).
  const headers = { ...servedHeaders(result.served, requestId, result.cacheStatus), ...extra };
  headers['request-id'] = requestId;
  if (result.kind === 'stream') {
    return new Response(convertChatSSEToAnthropic(result.body), {
      status: 200,
      headers: { ...SSE_HEADERS, ...headers },
    });
  }
  const message = convertChatResponseToAnthropic(JSON.parse(result.body) as ChatCompletion);
  return new Response(JSON.stringify(message), {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function isAnthropic(model: string): boolean {
  try {
    return routeModel(model).provider.wire === 'anthropic';
  } catch {
    return false;
  }
}

/**
 * The caller's `anthropic-version` and `anthropic-beta`, passed on to Anthropic targets when they
 * are plain header tokens (`2023-06-01`, `interleaved-thinking-2025-05-14,…`), else dropped:
 * https://docs.anthropic.com/en/api/versioning, https://docs.anthropic.com/en/api/beta-headers
 */
function readAnthropicHeaders(headers: HeaderReader): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const name of ['anthropic-version', 'anthropic-beta']) {
    const value = headers.get(name)?.trim();
    if (value && /^[A-Za-z0-9._,-]{1,256}$/.test(value.replace(/\s+/g, ''))) {
      out ??= {};
      out[name] = value;
    }
  }
  return out;
}
