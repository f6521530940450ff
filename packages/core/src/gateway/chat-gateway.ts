import { InvalidModelError, UnknownProviderError } from '../catalog/routing-errors';
import { classifyError } from '../errors/classify-error';
import { executeWithFallback } from '../policies/execute-with-fallback';
import type { RetryOptions } from '../policies/retry-policy';
import type { ProviderConfigs } from '../upstream/provider-config';
import { type CallRecorderOptions, createCallRecorder } from '../usage/call-recorder';
import type { GatewayEvent, GatewayEventSink, GatewayEventStatus } from '../usage/gateway-event';
import type { ChatCompletionRequest } from '../wire/openai-chat';
import { attemptChat, type ChatAttemptResult, createChatCall } from './chat-attempt';
import { jsonResponse, sseResponse } from './chat-responses';
import { type ChatTarget, resolveChatTargets } from './chat-targets';
import { completionChars, usageOutcome } from './chat-usage';
import { GatewayCallError, toGatewayCallError } from './gateway-call-error';

export interface ChatGatewayOptions {
  /** Base URLs and keys per provider (`resolveProviderConfigs(env)`). */
  providers: ProviderConfigs;
  retry: RetryOptions;
  /** Per-attempt timeout; for streams until the first content part, then between chunks. */
  timeoutMs: number;
  sinks: readonly GatewayEventSink[];
  fetch?: typeof fetch;
  /** `GatewayEvent.gateway` of these calls. Default `server`. */
  gatewayName?: string;
}

/** One OpenAI-shaped chat call. */
export interface ChatCallInput {
  /** The validated request; a `models` array in it is taken as the fallback list and removed. */
  body: ChatCompletionRequest;
  /** The client's bytes, forwarded unchanged to the first target when possible. */
  rawBody?: string | undefined;
  /** Models to try after `body.model`, in order. */
  fallbackModels?: readonly string[] | undefined;
  /** Passthrough mode: the client's key is the provider key. */
  apiKey?: string | undefined;
  signal?: AbortSignal | undefined;
  requestId?: string | undefined;
  user?: string | undefined;
  tags?: readonly string[] | undefined;
  metadata?: Record<string, string> | undefined;
  keyId?: string | undefined;
  /** Headers to put on the response (e.g. `x-request-id`), besides the `x-stereos-*` ones. */
  responseHeaders?: Record<string, string> | undefined;
}

export interface ChatCallResult {
  /**
   * OpenAI-shaped answer: `chat.completion` JSON or an SSE stream of chunks, with
   * `x-stereos-provider`, `x-stereos-model`, `x-stereos-attempts` and `x-stereos-fallback-index`.
   */
  response: Response;
  provider: string;
  model: string;
  attempts: number;
  fallbackIndex: number;
}

export interface ChatGateway {
  /** Routes, calls with retries and fallback, records the event. Throws `GatewayCallError`. */
  chat(input: ChatCallInput): Promise<ChatCallResult>;
  /** Records the event of a request refused before any upstream call (bad input, bad key). */
  reject(args: RejectedCall): GatewayEvent;
}

export interface RejectedCall {
  status: GatewayEventStatus;
  error: { message: string; status: number; type?: string };
  requestedModel?: string | undefined;
  stream?: boolean;
  requestId?: string | undefined;
  keyId?: string | undefined;
}

/** The server's chat pipeline: the same core policies the AI SDK provider uses, over HTTP bodies. */
export function createChatGateway(options: ChatGatewayOptions): ChatGateway {
  const gatewayName = options.gatewayName ?? 'server';
  return {
    chat: (input) => runChat(options, gatewayName, input),
    reject(args) {
      const recorder = createCallRecorder({
        gateway: gatewayName,
        requestedModel: args.requestedModel ?? '',
        stream: args.stream ?? false,
        requestId: args.requestId,
        keyId: args.keyId,
        sinks: options.sinks,
      });
      return recorder.finish({
        status: args.status,
        error: Object.assign(new Error(args.error.message), args.error),
      });
    },
  };
}

async function runChat(options: ChatGatewayOptions, gatewayName: string, input: ChatCallInput) {
  const { body, rawBody, fallbackModels } = splitFallbackList(input);
  const stream = body.stream === true;
  const recorderOptions = {
    gateway: gatewayName,
    requestedModel: body.model,
    stream,
    user: input.user ?? (typeof body.user === 'string' ? body.user : undefined),
    tags: input.tags,
    metadata: input.metadata,
    requestId: input.requestId,
    keyId: input.keyId,
    sinks: options.sinks,
    secrets: [input.apiKey, ...Object.values(options.providers).map((c) => c?.apiKey)],
  };
  const targets = routeOrReject(
    recorderOptions,
    [body.model, ...fallbackModels],
    options,
    input.apiKey,
  );
  const describe = (i: number) => ({
    provider: targets[i]?.provider.id,
    model: targets[i]?.upstreamModel,
  });
  const recorder = createCallRecorder({ ...recorderOptions, describeTarget: describe });
  const call = createChatCall({
    body,
    rawBody,
    recorder,
    secrets: targets.map((t) => t.apiKey),
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  });

  let result: ChatAttemptResult;
  try {
    result = await executeWithFallback(
      targets,
      {
        retry: options.retry,
        timeoutMs: options.timeoutMs,
        signal: input.signal,
        onAttempt: recorder.onAttempt,
      },
      (target, ctx) => attemptChat(call, target, ctx),
      recorder.state,
    );
  } catch (error) {
    const failure = classifyError(error, input.signal);
    recorder.finish({ status: failure.kind === 'aborted' ? 'aborted' : 'error', error });
    throw toGatewayCallError(error, {
      signal: input.signal,
      provider: describe(recorder.state.targetIndex).provider,
      attempts: recorder.state.attempts,
    });
  }

  const served = describe(recorder.state.targetIndex);
  const meta = {
    provider: served.provider ?? '',
    model: served.model ?? body.model,
    attempts: recorder.state.attempts,
    fallbackIndex: recorder.state.targetIndex,
  };
  if (result.kind === 'json') {
    const usage = result.completion.usage;
    recorder.finish({
      status: 'success',
      ...usageOutcome(usage, call.estimateInput, () => completionChars(result.completion)),
      finishReason: result.completion.choices?.[0]?.finish_reason ?? undefined,
    });
    return { ...meta, response: jsonResponse(result.text, servedHeaders(meta, input)) };
  }
  return {
    ...meta,
    response: sseResponse(result.bytes, servedHeaders(meta, input)),
  };
}

/** Tells the client what served the call. A plain object keeps runtimes' fast response paths. */
function servedHeaders(
  meta: { provider: string; model: string; attempts: number; fallbackIndex: number },
  input: ChatCallInput,
): Record<string, string> {
  return {
    ...input.responseHeaders,
    'x-stereos-provider': meta.provider,
    'x-stereos-model': meta.model,
    'x-stereos-attempts': String(meta.attempts),
    'x-stereos-fallback-index': String(meta.fallbackIndex),
  };
}

/** A `models` array in the body (OpenRouter style) is the fallback list; it is not sent upstream. */
function splitFallbackList(input: ChatCallInput) {
  const { models, ...rest } = input.body as ChatCompletionRequest & { models?: unknown };
  if (!Array.isArray(models)) {
    return { body: input.body, rawBody: input.rawBody, fallbackModels: input.fallbackModels ?? [] };
  }
  const listed = models.filter((m): m is string => typeof m === 'string' && m !== rest.model);
  return {
    body: rest as ChatCompletionRequest,
    rawBody: undefined, // the client's bytes still carry `models`
    fallbackModels: [...listed, ...(input.fallbackModels ?? [])],
  };
}

function routeOrReject(
  recorderOptions: CallRecorderOptions,
  models: string[],
  options: ChatGatewayOptions,
  apiKey: string | undefined,
): ChatTarget[] {
  try {
    return resolveChatTargets(models, options.providers, apiKey);
  } catch (error) {
    createCallRecorder(recorderOptions).finish({
      status: 'invalid_request',
      error: Object.assign(error as Error, { status: 400 }),
    });
    if (error instanceof UnknownProviderError || error instanceof InvalidModelError) {
      throw new GatewayCallError({
        status: 400,
        message: error.message,
        type: 'invalid_request_error',
        code: error.code,
        param: 'model',
      });
    }
    throw error;
  }
}
