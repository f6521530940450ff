import type { BudgetGuard } from '../budget/budget-guard';
import type { GatewayRoute } from '../catalog/gateway-routes';
import { computeCostUsd, type PriceTable } from '../catalog/prices';
import type { ServedBy } from '../engine/call-adapter';
import {
  type CachedCall,
  type CallEngine,
  type CallLimits,
  createCallEngine,
  type RejectedCall,
} from '../engine/call-engine';
import type { CommittedReader } from '../engine/commit-stream';
import type { RetryOptions } from '../engine/retry-policy';
import type { ProviderConfigs } from '../upstream/provider-config';
import { estimatePromptTokens } from '../usage/estimate-tokens';
import type { GatewayEvent, GatewayEventSink } from '../usage/gateway-event';
import type { ChatCompletionRequest } from '../wire/openai-chat';
import { type ChatCall, chatGenerateAdapter, chatStreamAdapter } from './chat-attempt';
import { beginFaceCall, clientFailure, type GatewayCaller } from './gateway-call-steps';

export interface ChatGatewayOptions {
  /** Base URLs and keys per provider (`resolveProviderConfigs(env)`). */
  providers: ProviderConfigs;
  retry: RetryOptions;
  /** Per-attempt timeout; for streams until the first content part, then between chunks. */
  timeoutMs: number;
  sinks: readonly GatewayEventSink[];
  fetch?: typeof fetch | undefined;
  /** `GatewayEvent.gateway` of these calls. Default `server`. */
  gatewayName?: string;
  /** A spending limit every call reserves against. */
  budget?: BudgetGuard | undefined;
  /** Prices events; the catalog's table by default. */
  prices?: Pick<PriceTable, 'computeCostUsd'> | undefined;
  /** Caps on fallback targets and attempts per call. */
  limits?: Partial<CallLimits> | undefined;
  /** Longest non-streaming upstream answer. Default 16 MiB. */
  maxResponseBytes?: number | undefined;
  /** Models sent through Vercel AI Gateway or Cloudflare AI Gateway (`parseGatewayRoutes`). */
  routes?: readonly GatewayRoute[] | undefined;
}

/** One OpenAI-shaped chat call. */
export interface ChatCallInput extends GatewayCaller {
  /** The validated request; a `models` array in it is taken as the fallback list and removed. */
  body: ChatCompletionRequest;
  /** The client's bytes, forwarded unchanged to the first target when possible. */
  rawBody?: string | undefined;
  /** The caller's `cf-aig-*` options (validated), for targets served through Cloudflare. */
  cloudflareHeaders?: Record<string, string> | undefined;
  /** The caller's `anthropic-version` / `anthropic-beta` (validated), for Anthropic targets. */
  anthropicHeaders?: Record<string, string> | undefined;
}

/** A served chat call, typed: the completion's JSON text, or the SSE bytes of its stream. */
export type ChatCallResult = {
  served: ServedBy;
  /** A gateway cache's verdict (`cf-aig-cache-status`), when one answered. */
  cacheStatus: string | undefined;
} & (
  | {
      kind: 'json';
      body: string;
      /** The call's cost as recorded (sent back as `x-stereos-cost-usd`). */
      costUsd: number | undefined;
    }
  | {
      kind: 'stream';
      /** The SSE bytes as a web stream, made when first read. */
      body: ReadableStream<Uint8Array>;
      /**
       * The stream's reader, for a writer that needs no web stream (then `body` is never made);
       * undefined once `body` or the reader was taken.
       */
      takeReader?: () => CommittedReader<Uint8Array> | undefined;
    }
);

export interface ChatGateway {
  /**
   * Routes, calls with retries and fallback, records the event. Throws `GatewayCallError`
   * (carrying the recorded event) when the call cannot be served.
   */
  chat(input: ChatCallInput): Promise<ChatCallResult>;
  /** Records the event of a request refused before `chat` (bad input, bad key). */
  reject(call: RejectedCall): GatewayEvent;
  /** Records the event of a request answered from the response cache (cost 0). */
  recordCacheHit(call: CachedCall): GatewayEvent;
}

/**
 * One call engine and what every face of it shares: the options it was built from and the
 * operator's keys to redact. Build it once (`createGatewayEngine`) and hand it to each
 * `create*Gateway`, so chat, messages, embeddings, the OpenAI endpoints and responses share one
 * engine, one budget guard and one recorder configuration.
 */
export interface GatewayEngine {
  readonly engine: CallEngine;
  readonly options: ChatGatewayOptions;
  /** The operator's provider keys, redacted from every message. */
  readonly configuredKeys: readonly (string | undefined)[];
}

/** The call engine of a gateway configuration, shared by every face built on it. */
export function createGatewayEngine(options: ChatGatewayOptions): GatewayEngine {
  const engine = createCallEngine({
    gateway: options.gatewayName ?? 'server',
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    sinks: options.sinks,
    budget: options.budget,
    prices: options.prices,
    limits: options.limits,
  });
  return {
    engine,
    options,
    configuredKeys: Object.values(options.providers).map((c) => c?.apiKey),
  };
}

/** A face's engine: the one it was handed, or its own, built from plain options. */
export function gatewayEngineOf(from: ChatGatewayOptions | GatewayEngine): GatewayEngine {
  return 'engine' in from ? from : createGatewayEngine(from);
}

/** The server's chat face of the call engine: OpenAI Chat bodies in, typed answers out. */
export function createChatGateway(from: ChatGatewayOptions | GatewayEngine): ChatGateway {
  const gateway = gatewayEngineOf(from);
  const { engine, options } = gateway;

  return {
    reject: (call) => engine.reject(call),
    recordCacheHit: (call) => engine.recordCacheHit(call),
    async chat(input) {
      const { body, rawBody, fallbackModels } = splitFallbackList(input);
      const { spec, secrets } = beginFaceCall(gateway, input, {
        models: [body.model, ...fallbackModels],
        operation: 'chat',
        stream: body.stream === true,
        bodyUser: typeof body.user === 'string' ? body.user : undefined,
        routing: {
          cloudflareHeaders: input.cloudflareHeaders,
          anthropicHeaders: input.anthropicHeaders,
        },
        estimateInputTokens: () => estimatePromptTokens([body.messages, body.tools ?? []]),
        maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
      });
      const call: ChatCall = {
        body,
        rawBody,
        secrets,
        fetch: options.fetch,
        maxResponseBytes: options.maxResponseBytes,
        prices: options.prices ?? { computeCostUsd },
      };
      try {
        if (spec.stream) {
          const streamed = await engine.stream(spec, chatStreamAdapter(call));
          return {
            kind: 'stream',
            get body() {
              return streamed.stream;
            },
            takeReader: streamed.takeReader,
            served: streamed.served,
            cacheStatus: streamed.meta.cacheStatus,
          };
        }
        const { value, served, event } = await engine.generate(spec, chatGenerateAdapter(call));
        return {
          kind: 'json',
          body: value.text,
          served,
          cacheStatus: value.cacheStatus,
          costUsd: event.costUsd,
        };
      } catch (error) {
        throw clientFailure(error, input.signal, secrets);
      }
    },
  };
}

/** A `models` array in the body (OpenRouter style) is the fallback list; it is not sent upstream. */
function splitFallbackList(input: ChatCallInput) {
  const { models, ...rest } = input.body as ChatCompletionRequest & { models?: unknown };
  if (!Array.isArray(models)) {
    return { body: input.body, rawBody: input.rawBody, fallbackModels: input.fallbackModels ?? [] };
  }
  const listed = models.filter((m): m is string => typeof m === 'string');
  return {
    body: rest as ChatCompletionRequest,
    rawBody: undefined, // the client's bytes still carry `models`
    fallbackModels: [...listed, ...(input.fallbackModels ?? [])],
  };
}
