import type { BudgetGuard } from '../budget/budget-guard';
import type { GatewayRoute } from '../catalog/gateway-routes';
import { computeCostUsd, type PriceTable } from '../catalog/prices';
import type { CallSpec, ServedBy } from '../engine/call-adapter';
import {
  type CachedCall,
  type CallLimits,
  createCallEngine,
  type RejectedCall,
} from '../engine/call-engine';
import type { RetryOptions } from '../engine/retry-policy';
import type { ProviderConfigs } from '../upstream/provider-config';
import { estimatePromptTokens } from '../usage/estimate-tokens';
import type { GatewayEvent, GatewayEventSink } from '../usage/gateway-event';
import type { ChatCompletionRequest } from '../wire/openai-chat';
import { type ChatCall, chatGenerateAdapter, chatStreamAdapter } from './chat-attempt';
import type { ChatCredentials, ChatTarget } from './chat-targets';
import { callSecrets, clientFailure, routeOrReject } from './gateway-call-steps';

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
export interface ChatCallInput {
  /** The validated request; a `models` array in it is taken as the fallback list and removed. */
  body: ChatCompletionRequest;
  /** The client's bytes, forwarded unchanged to the first target when possible. */
  rawBody?: string | undefined;
  /** Models to try after `body.model`, in order. */
  fallbackModels?: readonly string[] | undefined;
  /** Which provider keys the call may use. */
  credentials: ChatCredentials;
  /** The caller's `cf-aig-*` options (validated), for targets served through Cloudflare. */
  cloudflareHeaders?: Record<string, string> | undefined;
  /** The caller's `anthropic-version` / `anthropic-beta` (validated), for Anthropic targets. */
  anthropicHeaders?: Record<string, string> | undefined;
  /** Budgets of this call besides the gateway's own, e.g. its virtual key's. */
  budgets?: readonly BudgetGuard[] | undefined;
  signal?: AbortSignal | undefined;
  requestId?: string | undefined;
  user?: string | undefined;
  tags?: readonly string[] | undefined;
  metadata?: Record<string, string> | undefined;
  keyId?: string | undefined;
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
  | { kind: 'stream'; body: ReadableStream<Uint8Array> }
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

/** The engine of a server face (chat, embeddings), and the operator's keys it must redact. */
export function createGatewayEngine(options: ChatGatewayOptions) {
  const engine = createCallEngine({
    gateway: options.gatewayName ?? 'server',
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    sinks: options.sinks,
    budget: options.budget,
    prices: options.prices,
    limits: options.limits,
  });
  return { engine, configuredKeys: Object.values(options.providers).map((c) => c?.apiKey) };
}

/** The server's chat face of the call engine: OpenAI Chat bodies in, typed answers out. */
export function createChatGateway(options: ChatGatewayOptions): ChatGateway {
  const { engine, configuredKeys } = createGatewayEngine(options);

  return {
    reject: (call) => engine.reject(call),
    recordCacheHit: (call) => engine.recordCacheHit(call),
    async chat(input) {
      const { body, rawBody, fallbackModels } = splitFallbackList(input);
      const subject = {
        user: input.user ?? (typeof body.user === 'string' ? body.user : undefined),
        tags: input.tags,
        metadata: input.metadata,
        requestId: input.requestId,
        keyId: input.keyId,
      };
      const secrets = callSecrets(input.credentials, configuredKeys);
      const targets = routeOrReject(engine, {
        models: [body.model, ...fallbackModels],
        providers: options.providers,
        credentials: input.credentials,
        routing: {
          routes: options.routes,
          cloudflareHeaders: input.cloudflareHeaders,
          anthropicHeaders: input.anthropicHeaders,
        },
        operation: 'chat',
        stream: body.stream === true,
        subject,
      });
      const call: ChatCall = {
        body,
        rawBody,
        secrets,
        fetch: options.fetch,
        maxResponseBytes: options.maxResponseBytes,
        prices: options.prices ?? { computeCostUsd },
      };
      const spec: CallSpec<ChatTarget> = {
        operation: 'chat',
        stream: body.stream === true,
        targets,
        describe: (t) => ({ provider: t.provider.id, model: t.upstreamModel }),
        requestedModel: body.model,
        subject,
        signal: input.signal,
        secrets,
        estimateInputTokens: () => estimatePromptTokens([body.messages, body.tools ?? []]),
        maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
        budgets: input.budgets,
      };
      try {
        if (body.stream === true) {
          const { stream, served, meta } = await engine.stream(spec, chatStreamAdapter(call));
          return { kind: 'stream', body: stream, served, cacheStatus: meta.cacheStatus };
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
