import type { ProviderSpec } from '../catalog/providers';
import type { ChunkSource } from '../engine/commit-stream';
import { joinUrl } from '../util/join-url';
import { type ChatStreamItem, chatItemOfData } from '../wire/chat-stream-item';
import type { ChatCompletion, ChatCompletionRequest } from '../wire/openai-chat';
import { callAnthropic } from './anthropic-upstream';
import { bodyBytesOf, readSSE } from './read-sse';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  readCappedText,
  unusableAnswer,
  upstreamHttpError,
} from './read-upstream-response';
import { buildUpstreamHeaders } from './upstream-headers';

/** One attempt against one provider, OpenAI Chat shaped. */
export interface UpstreamRequest {
  /** The provider to call (from `routeModel`). */
  provider: ProviderSpec;
  /** Base URL of the provider (from `resolveProviderConfigs`, or the provider default). */
  baseURL: string;
  /** Provider key; no auth header is sent without one. */
  apiKey?: string | undefined;
  /** The parsed client request. */
  body: ChatCompletionRequest;
  /** The client's exact bytes; forwarded as-is when nothing needs changing (no re-serialize). */
  rawBody?: string | undefined;
  /** The model to send upstream (from `routeModel`). */
  upstreamModel: string;
  /** Aborts the attempt (caller abort or per-attempt timeout). */
  signal?: AbortSignal | undefined;
  /** Custom fetch (tests, keep-alive agents); global `fetch` by default. */
  fetch?: typeof fetch | undefined;
  /** Extra request headers; the provider's fixed headers and auth win over them. */
  headers?: Record<string, string> | undefined;
  /** Secrets to redact from upstream messages besides `apiKey`. */
  secrets?: readonly (string | undefined)[] | undefined;
  /** Longest non-streaming answer to read. Default 16 MiB. */
  maxResponseBytes?: number | undefined;
}

/** A 2xx chat answer, typed: the whole completion, or the items of its stream. */
export type UpstreamChatResult = (
  | {
      kind: 'json';
      /** The completion's JSON text, as it goes to an OpenAI client. */
      text: string;
      completion: ChatCompletion;
    }
  | { kind: 'stream'; items: ChunkSource<ChatStreamItem> }
) & {
  /** A gateway cache's verdict (`cf-aig-cache-status: HIT|MISS`), when one answered. */
  cacheStatus?: string | undefined;
};

/**
 * Sends one chat completion request upstream and returns its answer typed, OpenAI-shaped:
 * OpenAI-wire providers are read as they are, Anthropic is translated at the object level.
 * A non-2xx answer throws `UpstreamHttpError` (with the upstream's type, code and param), a 2xx
 * that is unusable throws a 502 one; the caller decides about retry and fallback.
 *
 * Streams always carry usage: the request asks for `stream_options.include_usage` even when the
 * client did not (the caller strips the extra usage from what the client sees), except for
 * providers that always report it (Mistral, usage on the final choice chunk).
 */
export function callUpstreamChat(req: UpstreamRequest): Promise<UpstreamChatResult> {
  if (req.provider.wire === 'anthropic') return callAnthropic(req);
  return callOpenAICompatible(req);
}

async function callOpenAICompatible(req: UpstreamRequest): Promise<UpstreamChatResult> {
  const { provider } = req;
  const headers = buildUpstreamHeaders(provider, req.apiKey, req.headers, 'application/json');
  const doFetch = req.fetch ?? globalThis.fetch;
  const response = await doFetch(joinUrl(req.baseURL, provider.chatPath), {
    method: 'POST',
    headers,
    body: upstreamBody(req),
    signal: req.signal,
  });
  if (!response.ok) {
    throw await upstreamHttpError(response, provider.id, [req.apiKey, ...(req.secrets ?? [])]);
  }
  // Read only from gateways that cache: reading headers costs on the hot path.
  const cacheStatus =
    provider.id === 'cloudflare'
      ? (response.headers.get(CACHE_STATUS_HEADER) ?? undefined)
      : undefined;
  if (req.body.stream === true) {
    const bytes = bodyBytesOf(response);
    if (!bytes) throw unusableAnswer(provider.id, 'answered a stream with no body');
    const items = readSSE(bytes, openAIChatItems(provider.id));
    return { kind: 'stream', items, cacheStatus };
  }
  const max = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const text = await readCappedText(response, max, provider.id);
  let completion: ChatCompletion;
  try {
    completion = JSON.parse(text) as ChatCompletion;
  } catch {
    throw unusableAnswer(provider.id, 'returned a body that is not JSON');
  }
  if (!Array.isArray(completion?.choices)) throw unusableAnswer(provider.id, 'returned no choices');
  return { kind: 'json', text, completion, cacheStatus };
}

/** Cloudflare AI Gateway's cache verdict on an answer. */
export const CACHE_STATUS_HEADER = 'cf-aig-cache-status';

function openAIChatItems(provider: string) {
  return {
    onEvent(event: { data: string }, push: (item: ChatStreamItem) => void, frame?: Uint8Array) {
      const item = chatItemOfData(event.data, provider, frame);
      if (item) push(item);
    },
  };
}

/**
 * The body to send: the client's bytes when they already say what upstream needs (the common
 * case, no JSON round trip), otherwise the parsed body with the upstream model and usage option.
 */
function upstreamBody(req: UpstreamRequest): string {
  const { rawBody, upstreamModel } = req;
  const body = withUpstreamStreamOptions(req.provider, req.body);
  if (rawBody !== undefined && upstreamModel === req.body.model) {
    if (body === req.body) return rawBody;
    // The usual stream: only the usage option is added. Written into the client's bytes rather
    // than re-serialising the whole request (whose size is the prompt's).
    if (req.body.stream_options === undefined && body.stream_options !== undefined) {
      return withLeadingMember(rawBody, `"stream_options":${JSON.stringify(body.stream_options)}`);
    }
  }
  return JSON.stringify({ ...body, model: upstreamModel });
}

/**
 * `member` added first to the JSON object `text` (which parsed as an object with at least one
 * member, and lacks this one): the rest of the text is sent byte for byte.
 */
function withLeadingMember(text: string, member: string): string {
  const open = text.indexOf('{');
  return `${text.slice(0, open + 1)}${member},${text.slice(open + 1)}`;
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
