import { joinUrl } from '../util/join-url';
import { redactSecrets } from '../util/redact';
import type { AnthropicMessage } from '../wire/anthropic/anthropic-messages-api';
import { AnthropicStreamError } from '../wire/anthropic/anthropic-stream-error';
import {
  anthropicErrorStatus,
  convertAnthropicError,
} from '../wire/anthropic/convert-anthropic-error';
import { convertAnthropicResponseToChat } from '../wire/anthropic/convert-anthropic-response-to-chat';
import { createAnthropicToChatStream } from '../wire/anthropic/convert-anthropic-stream-to-chat';
import { convertChatToAnthropicRequest } from '../wire/anthropic/convert-chat-to-anthropic-request';
import type {
  ChatCompletionChunk,
  ChatCompletionRequest,
  OpenAIErrorBody,
} from '../wire/openai-chat';
import { encodeSSEData, parseSSEStream, SSE_DONE_EVENT } from '../wire/sse';

/** The API version Stereos speaks; callers may override it with an `anthropic-version` header. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Arguments of {@link callAnthropic}. */
export interface CallAnthropicArgs {
  /** Anthropic base URL without `/v1`, e.g. `https://api.anthropic.com`. */
  baseURL: string;
  /** Sent as `x-api-key`; omitted when undefined. */
  apiKey?: string;
  /** The client's Chat Completions request. */
  body: ChatCompletionRequest;
  /** The Anthropic model id to call. */
  upstreamModel: string;
  /** The model name reported back to the client; `body.model` by default. */
  reportModel?: string;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Extra request headers (e.g. `anthropic-beta`); auth and content type always win. */
  headers?: Record<string, string>;
}

// Upstream headers worth passing on to the client and the retry policy.
const FORWARDED_HEADERS = ['retry-after', 'retry-after-ms', 'request-id', 'x-should-retry'];

/**
 * Calls Anthropic Messages with a Chat Completions request and answers like an OpenAI-compatible
 * upstream would: a `chat.completion` JSON, a `text/event-stream` of chunks ending in
 * `data: [DONE]`, or an OpenAI error body with the upstream status. Non-2xx answers are returned,
 * not thrown. Request conversion errors (`WireConversionError`) and network failures reject.
 *
 * When streaming, chunks are held back until the first one with content, so an `error` event
 * that arrives before any content (typically `overloaded_error`) still becomes an error status the
 * caller can fail over on. Later `error` events end the stream with an OpenAI-style error event.
 */
export async function callAnthropic(args: CallAnthropicArgs): Promise<Response> {
  const request = convertChatToAnthropicRequest(args.body, args.upstreamModel);
  const doFetch = args.fetch ?? globalThis.fetch;
  const upstream = await doFetch(joinUrl(args.baseURL, '/v1/messages'), {
    method: 'POST',
    headers: buildHeaders(args.apiKey, args.headers),
    body: JSON.stringify(request),
    signal: args.signal,
  });
  const secrets = [args.apiKey];
  if (!upstream.ok) return errorResponse(upstream, secrets);
  const model = args.reportModel ?? args.body.model;
  if (request.stream !== true) return completionResponse(upstream, model);
  const includeUsage = args.body.stream_options?.include_usage === true;
  return streamResponse(upstream, model, includeUsage, secrets);
}

function buildHeaders(apiKey: string | undefined, extra: Record<string, string> = {}): Headers {
  const headers = new Headers();
  setHeader(headers, 'anthropic-version', ANTHROPIC_VERSION);
  for (const [name, value] of Object.entries(extra)) setHeader(headers, name, value);
  setHeader(headers, 'content-type', 'application/json');
  if (apiKey !== undefined) setHeader(headers, 'x-api-key', apiKey);
  return headers;
}

function setHeader(headers: Headers, name: string, value: string): void {
  try {
    headers.set(name, value);
  } catch {
    // The runtime's message quotes the value, which may be the API key.
    throw new TypeError(`Invalid value for upstream header '${name}'`);
  }
}

function forwardedHeaders(upstream: Response, contentType: string): Headers {
  const headers = new Headers({ 'content-type': contentType });
  for (const name of FORWARDED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

async function errorResponse(
  upstream: Response,
  secrets: (string | undefined)[],
): Promise<Response> {
  const text = await upstream.text();
  const body = convertAnthropicError(parseJSON(text), upstream.status);
  return jsonResponse(
    redactError(body, secrets),
    upstream.status,
    forwardedHeaders(upstream, JSON_TYPE),
  );
}

async function completionResponse(upstream: Response, model: string): Promise<Response> {
  const message = parseJSON(await upstream.text());
  if (!isAnthropicMessage(message)) {
    const body = openAIError(
      'Anthropic upstream returned an unreadable response body.',
      'server_error',
    );
    return jsonResponse(body, 502, forwardedHeaders(upstream, JSON_TYPE));
  }
  const completion = convertAnthropicResponseToChat(message, model);
  return jsonResponse(completion, 200, forwardedHeaders(upstream, JSON_TYPE));
}

async function streamResponse(
  upstream: Response,
  model: string,
  includeUsage: boolean,
  secrets: (string | undefined)[],
): Promise<Response> {
  if (upstream.body === null) throw new Error('Anthropic upstream returned an empty stream.');
  const reader = parseSSEStream(upstream.body)
    .pipeThrough(createAnthropicToChatStream({ model, includeUsage }))
    .getReader();

  const head: ChatCompletionChunk[] = [];
  let ended = false;
  try {
    while (true) {
      const result = await reader.read();
      if (result.done) {
        ended = true;
        break;
      }
      head.push(result.value);
      if (carriesContent(result.value)) break;
    }
  } catch (error) {
    if (!(error instanceof AnthropicStreamError)) throw error;
    // Nothing was sent yet: answer with a plain error status the caller can fail over on.
    const status = anthropicErrorStatus(error.errorType);
    const body = convertAnthropicError(error.toErrorBody(), status);
    return jsonResponse(redactError(body, secrets), status, forwardedHeaders(upstream, JSON_TYPE));
  }

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(encoder.encode(encodeSSEData(chunk)));
      if (ended) finish(controller);
    },
    async pull(controller) {
      try {
        const result = await reader.read();
        if (result.done) finish(controller);
        else controller.enqueue(encoder.encode(encodeSSEData(result.value)));
      } catch (error) {
        // Content already went out, so the error travels in-band, as OpenAI does, and the
        // stream ends without [DONE].
        controller.enqueue(encoder.encode(encodeSSEData(streamErrorBody(error, secrets))));
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const headers = forwardedHeaders(upstream, 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-cache');
  return new Response(body, { status: 200, headers });

  function finish(controller: ReadableStreamDefaultController<Uint8Array>): void {
    controller.enqueue(encoder.encode(SSE_DONE_EVENT));
    controller.close();
  }
}

/** Whether a chunk is more than the opening `{ role: 'assistant', content: '' }`. */
function carriesContent(chunk: ChatCompletionChunk): boolean {
  const choice = chunk.choices[0];
  if (choice === undefined || choice.finish_reason !== null) return true;
  const { content, tool_calls, reasoning_content, refusal } = choice.delta;
  return Boolean(content || tool_calls?.length || reasoning_content || refusal);
}

function streamErrorBody(error: unknown, secrets: (string | undefined)[]): OpenAIErrorBody {
  const body =
    error instanceof AnthropicStreamError
      ? convertAnthropicError(error.toErrorBody(), anthropicErrorStatus(error.errorType))
      : openAIError(
          `Anthropic stream failed: ${error instanceof Error ? error.message : String(error)}`,
          'server_error',
        );
  return redactError(body, secrets);
}

const JSON_TYPE = 'application/json';

function jsonResponse(body: unknown, status: number, headers: Headers): Response {
  return new Response(JSON.stringify(body), { status, headers });
}

function openAIError(message: string, type: string): OpenAIErrorBody {
  return { error: { message, type, param: null, code: null } };
}

/** Upstream messages can echo request data; never let the key through. */
function redactError(body: OpenAIErrorBody, secrets: (string | undefined)[]): OpenAIErrorBody {
  return { error: { ...body.error, message: redactSecrets(body.error.message, secrets) } };
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAnthropicMessage(value: unknown): value is AnthropicMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { id, content, usage } = value as Partial<AnthropicMessage>;
  return typeof id === 'string' && Array.isArray(content) && typeof usage === 'object';
}
