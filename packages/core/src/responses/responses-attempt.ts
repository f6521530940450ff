import type { ProviderSpec } from '../catalog/providers';
import type { ChatTarget } from '../chat/chat-targets';
import type { GenerateAdapter, StreamAdapter } from '../engine/call-adapter';
import type { AttemptContext } from '../engine/execute-with-fallback';
import { upstreamFailureBody } from '../errors/upstream-failure-body';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import { bodyBytesOf, readSSE } from '../upstream/read-sse';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  readCappedText,
  unusableAnswer,
  upstreamHttpError,
} from '../upstream/read-upstream-response';
import { buildUpstreamHeaders } from '../upstream/upstream-headers';
import { concatBytes } from '../util/concat-bytes';
import { joinUrl } from '../util/join-url';
import { redactSecrets } from '../util/redact';
import type { ResponsesUsage } from '../wire/responses/responses-api';
import type { ResponsesCreateRequest } from '../wire/responses/responses-request-schema';
import {
  createResponsesStreamTap,
  finishReasonOf,
  probeCommittedResponsesItem,
  probeResponsesItem,
  ResponsesStreamItem,
  tokenUsageOfResponses,
} from './responses-stream-item';

/** What every attempt of one passthrough Responses call shares (built once per call). */
export interface ResponsesCall {
  body: ResponsesCreateRequest;
  /** The client's bytes: forwarded to the first target when its model needs no swap. */
  rawBody: string | undefined;
  secrets: readonly (string | undefined)[];
  fetch: typeof fetch | undefined;
  maxResponseBytes: number | undefined;
}

/** A response object: the upstream's JSON text (forwarded as it is), and what it says. */
export interface ResponsesAnswer {
  text: string;
  usage: ResponsesUsage | undefined;
  finishReason: string;
}

/**
 * The Responses endpoint of an OpenAI-wire provider, beside its chat endpoint
 * (`/v1/chat/completions` → `/v1/responses`, `/openai/v1/chat/completions` →
 * `/openai/v1/responses`). https://platform.openai.com/docs/api-reference/responses/create
 */
export function responsesPath(provider: ProviderSpec): string {
  return provider.chatPath.replace(/\/chat\/completions$/, '/responses');
}

/** The passthrough face for `stream: false`: the response object as the provider sent it. */
export function responsesGenerateAdapter(
  call: ResponsesCall,
): GenerateAdapter<ChatTarget, ResponsesAnswer> {
  return {
    async attempt(target, ctx) {
      const response = await post(call, target, ctx);
      const { provider } = target;
      const max = call.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const text = await readCappedText(response, max, provider.id);
      let parsed: { object?: unknown; output?: unknown; usage?: ResponsesUsage } | undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw unusableAnswer(provider.id, 'returned a body that is not JSON');
      }
      if (!Array.isArray(parsed?.output)) throw unusableAnswer(provider.id, 'returned no output');
      return {
        text,
        usage: parsed.usage ?? undefined,
        finishReason: finishReasonOf('response', parsed as never),
      };
    },
    usage: ({ usage, finishReason, text }) => ({
      usage: usage ? tokenUsageOfResponses(usage) : undefined,
      finishReason,
      outputChars: () => text.length,
    }),
  };
}

/**
 * The passthrough face for `stream: true`: the provider's events, committed at the first
 * content event (an `error` or `response.failed` before it is retried or falls back), then
 * forwarded as they came (their JSON untouched, re-framed as SSE). A failure after the commit
 * point ends the stream with an `error` event numbered after the last one sent.
 */
export function responsesStreamAdapter(
  call: ResponsesCall,
): StreamAdapter<ChatTarget, ResponsesStreamItem, Uint8Array, undefined> {
  // No closure here holds `call` (the request): these functions live as long as the answer; the
  // attempt, which needs the request, is dropped by the engine at the commit point.
  const { secrets } = call;
  const encoder = new TextEncoder();
  const serving = { provider: '' };
  let last: ResponsesStreamItem | undefined;
  return {
    attempt: responsesStreamAttempt(call, serving),
    probe: (item) => probeResponsesItem(item, serving.provider),
    probeCommitted: (item) => probeCommittedResponsesItem(item, serving.provider),
    lateError(error) {
      const { error: detail } = upstreamFailureBody(error, secrets);
      const data = {
        type: 'error',
        code: detail.code ?? detail.type ?? 'server_error',
        message: detail.message,
        param: null,
        sequence_number: (last?.sequenceNumber ?? -1) + 1,
      };
      return [new ResponsesStreamItem('error', JSON.stringify(data), data)];
    },
    createTap: () => createResponsesStreamTap(),
    map(item) {
      last = item;
      const out = withoutSecrets(item, secrets);
      // Unchanged and in canonical framing: the upstream's own bytes (joined without a copy).
      return out.frame ?? encoder.encode(out.encode());
    },
    combine: concatBytes,
  };
}

/**
 * A failure event (`error`, `response.failed`) without the keys in play: an upstream may echo
 * the key it got in its message. Other events go out untouched.
 */
function withoutSecrets(item: ResponsesStreamItem, secrets: readonly (string | undefined)[]) {
  if (item.type !== 'error' && item.type !== 'response.failed') return item;
  const data = redactSecrets(item.data, secrets);
  // The redacted event is encoded again: its upstream bytes still hold the key.
  return data === item.data ? item : new ResponsesStreamItem(item.type, data);
}

/** A stream attempt of `call`: its SSE events as items, noting the provider that serves. */
function responsesStreamAttempt(
  call: ResponsesCall,
  serving: { provider: string },
): StreamAdapter<ChatTarget, ResponsesStreamItem, Uint8Array, undefined>['attempt'] {
  return async (target, ctx) => {
    const provider = target.provider.id;
    serving.provider = provider;
    const response = await post(call, target, ctx);
    const body = bodyBytesOf(response);
    if (!body) throw unusableAnswer(provider, 'answered a stream with no body');
    return { source: readResponsesEvents(body, provider), meta: undefined };
  };
}

/**
 * The answer's SSE events as items; cut short without a terminal event is a failure. Made out of
 * the attempt's scope, so the reader (alive for the whole answer) does not hold the request.
 */
function readResponsesEvents(body: Parameters<typeof readSSE>[0], provider: string) {
  let ended = false;
  return readSSE<ResponsesStreamItem>(body, {
    onEvent(event, push, frame) {
      const item = ResponsesStreamItem.of(event, frame);
      if (!item) return;
      if (item.isTerminal) ended = true;
      push(item);
    },
    onEnd() {
      if (!ended) throw cutShort(provider);
    },
  });
}

/** One POST of the client's request to the target's Responses endpoint; non-2xx throws. */
async function post(call: ResponsesCall, target: ChatTarget, ctx: AttemptContext) {
  if (target.missingKey) throw target.missingKey;
  const { provider } = target;
  const headers = buildUpstreamHeaders(provider, target.apiKey, target.headers, 'application/json');
  const doFetch = call.fetch ?? globalThis.fetch;
  const response = await doFetch(joinUrl(target.baseURL, responsesPath(provider)), {
    method: 'POST',
    headers,
    body: upstreamBody(call, target, ctx.targetIndex === 0),
    signal: ctx.signal,
  });
  if (!response.ok) {
    throw await upstreamHttpError(response, provider.id, [target.apiKey, ...call.secrets]);
  }
  return response;
}

/** The client's bytes when the model needs no swap (no JSON round trip), else the parsed body. */
function upstreamBody(call: ResponsesCall, target: ChatTarget, first: boolean): string {
  if (first && call.rawBody !== undefined && target.upstreamModel === call.body.model) {
    return call.rawBody;
  }
  return JSON.stringify({ ...call.body, model: target.upstreamModel });
}

function cutShort(provider: string): UpstreamHttpError {
  return new UpstreamHttpError({
    status: 502,
    message: `${provider} ended the response stream before response.completed`,
    provider,
  });
}
