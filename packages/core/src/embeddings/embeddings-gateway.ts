import type { BudgetGuard } from '../budget/budget-guard';
import { type ChatGatewayOptions, createGatewayEngine } from '../chat/chat-gateway';
import type { ChatCredentials, ChatTarget } from '../chat/chat-targets';
import { callSecrets, clientFailure, routeOrReject } from '../chat/gateway-call-steps';
import type { CallSpec, ServedBy } from '../engine/call-adapter';
import { InvalidRequestError } from '../errors/invalid-request-error';
import { embeddingsAdapter } from './embeddings-attempt';
import { type EmbeddingsRequest, estimateEmbeddingTokens } from './embeddings-request';

/** One OpenAI-shaped embeddings call. */
export interface EmbeddingsCallInput {
  /** The validated request. */
  body: EmbeddingsRequest;
  /** Models to try after `body.model`, in order. */
  fallbackModels?: readonly string[] | undefined;
  /** Which provider keys the call may use (as for chat). */
  credentials: ChatCredentials;
  /** Budgets of this call besides the gateway's own, e.g. its virtual key's. */
  budgets?: readonly BudgetGuard[] | undefined;
  signal?: AbortSignal | undefined;
  requestId?: string | undefined;
  user?: string | undefined;
  tags?: readonly string[] | undefined;
  metadata?: Record<string, string> | undefined;
  keyId?: string | undefined;
}

/** A served embeddings call: the upstream's JSON text, what served it, what it cost. */
export interface EmbeddingsCallResult {
  body: string;
  served: ServedBy;
  costUsd: number | undefined;
}

export interface EmbeddingsGateway {
  /**
   * Routes, calls with retries and fallback, records one `embeddings` event. Throws
   * `GatewayCallError` (carrying the recorded event) when the call cannot be served.
   */
  embed(input: EmbeddingsCallInput): Promise<EmbeddingsCallResult>;
}

/**
 * The embeddings face of the call engine: routed by model as chat is, sent to the provider's
 * OpenAI-wire `/embeddings` endpoint, with the same budgets, caps, retries, fallback, usage and
 * cost, and one `GatewayEvent` with `operation: 'embeddings'`. Providers without an embeddings
 * endpoint (Anthropic) are refused with a 400 before any upstream call.
 */
export function createEmbeddingsGateway(options: ChatGatewayOptions): EmbeddingsGateway {
  const { engine, configuredKeys } = createGatewayEngine(options);

  return {
    async embed(input) {
      const { body } = input;
      const subject = {
        user: input.user ?? body.user,
        tags: input.tags,
        metadata: input.metadata,
        requestId: input.requestId,
        keyId: input.keyId,
      };
      const secrets = callSecrets(input.credentials, configuredKeys);
      const targets = routeOrReject(engine, {
        models: [body.model, ...(input.fallbackModels ?? [])],
        providers: options.providers,
        credentials: input.credentials,
        routing: { routes: options.routes },
        operation: 'embeddings',
        stream: false,
        subject,
        check: checkEmbeddingsEndpoint,
      });
      const spec: CallSpec<ChatTarget> = {
        operation: 'embeddings',
        stream: false,
        targets,
        describe: (t) => ({ provider: t.provider.id, model: t.upstreamModel }),
        requestedModel: body.model,
        subject,
        signal: input.signal,
        secrets,
        estimateInputTokens: () => estimateEmbeddingTokens(body.input),
        maxOutputTokens: 0,
        budgets: input.budgets,
      };
      const call = {
        body,
        secrets,
        fetch: options.fetch,
        maxResponseBytes: options.maxResponseBytes,
      };
      try {
        const { value, served, event } = await engine.generate(spec, embeddingsAdapter(call));
        return { body: value.text, served, costUsd: event.costUsd };
      } catch (error) {
        throw clientFailure(error, input.signal, secrets);
      }
    },
  };
}

/** Anthropic's API has no embeddings endpoint: a 400 naming the provider and the endpoint. */
function checkEmbeddingsEndpoint(target: ChatTarget): void {
  if (target.provider.wire === 'openai') return;
  throw new InvalidRequestError({
    code: 'unsupported_endpoint',
    param: 'model',
    message:
      `Provider ${target.provider.id} has no embeddings endpoint (POST /v1/embeddings): ` +
      `'${target.requestedModel}' cannot embed. Use an OpenAI-compatible provider's embedding ` +
      'model, e.g. text-embedding-3-small.',
  });
}
