import { type ChatGatewayOptions, type GatewayEngine, gatewayEngineOf } from '../chat/chat-gateway';
import type { ChatTarget } from '../chat/chat-targets';
import { beginFaceCall, clientFailure, type GatewayCaller } from '../chat/gateway-call-steps';
import type { AnswerUsage, ServedBy, StreamTap } from '../engine/call-adapter';
import type { AttemptContext } from '../engine/execute-with-fallback';
import { DEFAULT_MAX_RESPONSE_BYTES, upstreamHttpError } from '../upstream/read-upstream-response';
import { buildUpstreamHeaders } from '../upstream/upstream-headers';
import { joinUrl } from '../util/join-url';
import { checkEndpoint, type EndpointKind, endpointPath } from './openai-endpoint';

/** Who calls and with what: the part of a call every OpenAI-wire endpoint shares. */
export interface EndpointCallInput extends GatewayCaller {
  /** The model as the caller asked for it (routed like chat). */
  model: string;
}

/** The body of one upstream attempt. */
export interface UpstreamBody {
  body: string | ReadableStream<Uint8Array>;
  contentType: string;
  /** Known length of a streamed body (sent as `content-length`). */
  contentLength?: number | undefined;
}

/** What an endpoint sends: its route, its body per target, what budgets reserve. */
export interface EndpointRequest {
  kind: EndpointKind;
  /** Whether the answer streams (the event's `stream`). */
  stream: boolean;
  /** The body of an attempt on `target` (its upstream model in place of the caller's). */
  body(target: ChatTarget): UpstreamBody;
  /** Estimated input tokens (budget reservation, and usage when the answer reports none). */
  estimateInputTokens(): number;
  /** Bound of output tokens for the budget reservation (0 when the answer has none). */
  maxOutputTokens?: number | undefined;
  /** Most a target priced per image/character/second can cost (budgets of unpriced models). */
  maxUnitCostUsd?(target: ChatTarget): number | undefined;
}

/** How a one-shot answer is read (bounded) and where its usage is. */
export interface AnswerReader<R> {
  read(response: Response, target: ChatTarget, maxBytes: number): Promise<R>;
  usage(answer: R, target: ChatTarget): AnswerUsage;
}

/** How a streamed answer's usage is seen, from the bytes passed on. */
export interface StreamReader {
  tap(target: ChatTarget, contentType: string): StreamTap<Uint8Array>;
}

/** A served one-shot call: the face's reading of the answer, what served it, what it cost. */
export interface EndpointResult<R> {
  value: R;
  served: ServedBy;
  costUsd: number | undefined;
}

/** A served streaming call: the upstream's bytes as they arrive, and their content type. */
export interface EndpointStreamResult {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  served: ServedBy;
}

/**
 * The OpenAI-wire endpoints beside chat (embeddings, images, audio, moderations) on the call
 * engine, in one place: route by model → refuse a provider without the endpoint (400
 * `unsupported_endpoint`) → budgets, retries, fallback, caps → the provider's route beside its
 * chat path → one `GatewayEvent`. Each endpoint only says what it sends and how to read the answer.
 */
export interface EndpointGateway {
  /** A one-shot call. Throws `GatewayCallError` (carrying the recorded event) on failure. */
  generate<R>(
    input: EndpointCallInput,
    request: EndpointRequest,
    reader: AnswerReader<R>,
  ): Promise<EndpointResult<R>>;
  /**
   * A call whose answer is streamed on as bytes (audio, SSE), committed at its first byte: until
   * then a failure retries or falls back; after it, a failure cuts the stream (it errors, so the
   * client sees a broken transfer rather than a short answer that looks whole).
   */
  stream(
    input: EndpointCallInput,
    request: EndpointRequest,
    reader: StreamReader,
  ): Promise<EndpointStreamResult>;
}

export function createEndpointGateway(from: ChatGatewayOptions | GatewayEngine): EndpointGateway {
  const gateway = gatewayEngineOf(from);
  const { engine, options } = gateway;

  const prepare = (input: EndpointCallInput, request: EndpointRequest) => {
    const { spec, secrets } = beginFaceCall(gateway, input, {
      models: [input.model, ...(input.fallbackModels ?? [])],
      operation: request.kind.operation,
      stream: request.stream,
      check: checkEndpoint(request.kind),
      estimateInputTokens: () => request.estimateInputTokens(),
      maxOutputTokens: request.maxOutputTokens,
      maxUnitCostUsd: request.maxUnitCostUsd,
    });
    const send = (target: ChatTarget, ctx: AttemptContext) =>
      sendAttempt(options.fetch, request, target, ctx, secrets);
    return { spec, secrets, send };
  };

  return {
    async generate(input, request, reader) {
      const { spec, secrets, send } = prepare(input, request);
      const max = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      try {
        const { value, served, event } = await engine.generate(spec, {
          attempt: async (target, ctx) => reader.read(await send(target, ctx), target, max),
          usage: (answer, target) => reader.usage(answer, target),
        });
        return { value, served, costUsd: event.costUsd };
      } catch (error) {
        throw clientFailure(error, input.signal, secrets);
      }
    },

    async stream(input, request, reader) {
      const { spec, secrets, send } = prepare(input, request);
      // Marks a failure after the first byte: the stream then errors instead of ending cleanly.
      const cut = new Uint8Array(0);
      try {
        const { stream, meta, served } = await engine.stream<
          ChatTarget,
          Uint8Array,
          Uint8Array,
          { contentType: string }
        >(spec, {
          async attempt(target, ctx) {
            const response = await send(target, ctx);
            const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
            const body =
              response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
            return { source: body, meta: { contentType } };
          },
          probe: (chunk) => (chunk.byteLength > 0 ? { type: 'content' } : undefined),
          probeCommitted: () => undefined,
          lateError: () => [cut],
          createTap: (target, meta) => reader.tap(target, meta.contentType),
        });
        return { body: cutOnLateError(stream, cut), contentType: meta.contentType, served };
      } catch (error) {
        throw clientFailure(error, input.signal, secrets);
      }
    },
  };
}

/** One POST to the target's route; a non-2xx answer is thrown (retried or passed on). */
async function sendAttempt(
  fetchImpl: typeof fetch | undefined,
  request: EndpointRequest,
  target: ChatTarget,
  ctx: AttemptContext,
  secrets: readonly (string | undefined)[],
): Promise<Response> {
  if (target.missingKey) throw target.missingKey;
  const { provider } = target;
  const upstream = request.body(target);
  const headers = buildUpstreamHeaders(
    provider,
    target.apiKey,
    target.headers,
    upstream.contentType,
  );
  if (upstream.contentLength !== undefined) {
    headers['content-length'] = String(upstream.contentLength);
  }
  const doFetch = fetchImpl ?? globalThis.fetch;
  const body =
    typeof upstream.body === 'string' ? upstream.body : releasedAtEnd(upstream.body, ctx.signal);
  const init: RequestInit & { duplex?: 'half' } = {
    method: 'POST',
    headers,
    body,
    signal: ctx.signal,
  };
  // A streamed request body (an upload) needs half duplex in the fetch standard.
  if (typeof body !== 'string') init.duplex = 'half';
  const response = await doFetch(
    joinUrl(target.baseURL, endpointPath(provider, request.kind)),
    init,
  );
  if (!response.ok)
    throw await upstreamHttpError(response, provider.id, [target.apiKey, ...secrets]);
  return response;
}

/**
 * A streamed request body that is cancelled when its attempt ends in failure (the attempt's
 * signal aborts then), whether or not the fetch implementation cancels it: an upload that
 * streams through is handed back at once, so its spool takes the rest for the next attempt.
 */
function releasedAtEnd(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const release = () => {
    reader.cancel(signal.reason).catch(() => {});
  };
  if (signal.aborted) release();
  else signal.addEventListener('abort', release, { once: true });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await reader.read();
        if (next.done) {
          signal.removeEventListener('abort', release);
          controller.close();
        } else controller.enqueue(next.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** Passes the committed bytes on; the `cut` marker (a late failure) errors the stream. */
function cutOnLateError(
  stream: ReadableStream<Uint8Array>,
  cut: Uint8Array,
): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else if (next.value === cut) {
        controller.error(new Error('The upstream answer failed after it began'));
        reader.cancel().catch(() => {});
      } else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
