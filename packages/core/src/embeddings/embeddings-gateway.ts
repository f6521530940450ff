import type { ChatGatewayOptions, GatewayEngine } from '../chat/chat-gateway';
import {
  createEndpointGateway,
  type EndpointCallInput,
  type EndpointRequest,
} from '../endpoints/endpoint-gateway';
import { jsonBody } from '../endpoints/json-answer';
import { ENDPOINT_KINDS } from '../endpoints/openai-endpoint';
import type { ServedBy } from '../engine/call-adapter';
import { embeddingsAnswer } from './embeddings-answer';
import { type EmbeddingsRequest, estimateEmbeddingTokens } from './embeddings-request';

/** One OpenAI-shaped embeddings call. */
export interface EmbeddingsCallInput extends Omit<EndpointCallInput, 'model'> {
  /** The validated request. */
  body: EmbeddingsRequest;
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
 * The embeddings face of the endpoint gateway: routed by model as chat is, sent to the
 * provider's OpenAI-wire `/embeddings`, with the same budgets, caps, retries, fallback, usage and
 * cost, and one `GatewayEvent` with `operation: 'embeddings'`. Providers without an embeddings
 * endpoint (`ProviderSpec.endpoints`, e.g. Anthropic) are refused with a 400 before any call.
 * https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function createEmbeddingsGateway(
  from: ChatGatewayOptions | GatewayEngine,
): EmbeddingsGateway {
  const gateway = createEndpointGateway(from);
  return {
    async embed({ body, ...input }) {
      const request: EndpointRequest = {
        kind: ENDPOINT_KINDS.embeddings,
        stream: false,
        body: (target) => jsonBody(body, target),
        estimateInputTokens: () => estimateEmbeddingTokens(body.input),
        maxOutputTokens: 0,
      };
      const { value, served, costUsd } = await gateway.generate(
        { ...input, model: body.model, user: input.user ?? body.user },
        request,
        embeddingsAnswer,
      );
      return { body: value.text, served, costUsd };
    },
  };
}
