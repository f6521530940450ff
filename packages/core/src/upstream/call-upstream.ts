import type { ProviderSpec } from '../catalog/providers';
import { joinUrl } from '../util/join-url';
import type { ChatCompletionRequest } from '../wire/openai-chat';
import { callAnthropic } from './anthropic-upstream';
import { buildUpstreamHeaders } from './upstream-headers';

/** One attempt against one provider, OpenAI Chat shaped. */
export interface UpstreamRequest {
  /** The provider to call (from `routeModel`). */
  provider: ProviderSpec;
  /** Base URL of the provider (from `resolveProviderConfigs`, or the provider default). */
  baseURL: string;
  /** Provider key; no auth header is sent without one. */
  apiKey?: string;
  /** The parsed client request. */
  body: ChatCompletionRequest;
  /** The client's exact bytes; forwarded as-is when nothing needs changing (no re-serialize). */
  rawBody?: string;
  /** The model to send upstream (from `routeModel`). */
  upstreamModel: string;
  /** Aborts the attempt (caller abort or per-attempt timeout). */
  signal?: AbortSignal;
  /** Custom fetch (tests, keep-alive agents); global `fetch` by default. */
  fetch?: typeof fetch;
  /** Extra request headers; the provider's fixed headers and auth win over them. */
  headers?: Record<string, string>;
}

/**
 * Sends one chat completion request upstream and returns the upstream `Response` untouched
 * (status, headers, body stream), OpenAI-shaped: OpenAI-wire providers are called directly,
 * Anthropic is translated by `callAnthropic`. Non-2xx answers are returned, not thrown; the
 * caller decides about retry and fallback.
 *
 * Streams always carry usage: the request asks for `stream_options.include_usage` even when the
 * client did not (the caller strips the extra usage from what the client sees), except for
 * providers that always report it (Mistral, usage on the final choice chunk).
 */
export function callUpstream(req: UpstreamRequest): Promise<Response> {
  if (req.provider.wire === 'anthropic') {
    return callAnthropic({
      baseURL: req.baseURL,
      apiKey: req.apiKey,
      body: withUpstreamStreamOptions(req.provider, req.body),
      upstreamModel: req.upstreamModel,
      reportModel: req.body.model,
      signal: req.signal,
      fetch: req.fetch,
      headers: { ...req.headers, ...req.provider.headers },
    });
  }
  return callOpenAICompatible(req);
}

async function callOpenAICompatible(req: UpstreamRequest): Promise<Response> {
  const { provider } = req;
  const headers = buildUpstreamHeaders(provider, req.apiKey, req.headers, 'application/json');
  const doFetch = req.fetch ?? globalThis.fetch;
  return doFetch(joinUrl(req.baseURL, provider.chatPath), {
    method: 'POST',
    headers,
    body: upstreamBody(req),
    signal: req.signal,
  });
}

/**
 * The body to send: the client's bytes when they already say what upstream needs (the common
 * case, no JSON round trip), otherwise the parsed body with the upstream model and usage option.
 */
function upstreamBody(req: UpstreamRequest): string {
  const { rawBody, upstreamModel } = req;
  const body = withUpstreamStreamOptions(req.provider, req.body);
  if (rawBody !== undefined && body === req.body && upstreamModel === body.model) return rawBody;
  return JSON.stringify({ ...body, model: upstreamModel });
}

/**
 * The request with the `stream_options` upstream needs; the same object when nothing changes.
 * Streams ask for usage unless the client already did; providers that always report usage and
 * reject the option (Mistral answers 422) get it removed. Non-streaming requests are untouched.
 */
export function withUpstreamStreamOptions(
  provider: ProviderSpec,
  body: ChatCompletionRequest,
): ChatCompletionRequest {
  if (body.stream !== true) return body;
  const current = body.stream_options;
  if (provider.streamUsage === 'always') {
    if (current === undefined) return body;
    const { stream_options: _dropped, ...rest } = body;
    return rest;
  }
  if (current?.include_usage === true) return body;
  return { ...body, stream_options: { ...current, include_usage: true } };
}
