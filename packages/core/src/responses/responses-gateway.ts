import { computeCostUsd } from '../catalog/prices';
import { type ChatCall, chatGenerateAdapter, chatStreamAdapter } from '../chat/chat-attempt';
import { type ChatGatewayOptions, type GatewayEngine, gatewayEngineOf } from '../chat/chat-gateway';
import type { ChatTarget } from '../chat/chat-targets';
import { beginFaceCall, clientFailure, type GatewayCaller } from '../chat/gateway-call-steps';
import type { CallSpec, ServedBy } from '../engine/call-adapter';
import type { CallEngine } from '../engine/call-engine';
import { toGatewayCallError } from '../errors/gateway-call-error';
import { estimatePromptTokens } from '../usage/estimate-tokens';
import type { ChatCompletion, ChatCompletionRequest } from '../wire/openai-chat';
import { convertChatResponseToResponses } from '../wire/responses/convert-chat-response-to-responses';
import { convertChatSSEToResponses } from '../wire/responses/convert-chat-sse-to-responses';
import { convertResponsesRequestToChat } from '../wire/responses/convert-responses-request-to-chat';
import type { ResponsesResponse } from '../wire/responses/responses-api';
import type { ResponsesCreateRequest } from '../wire/responses/responses-request-schema';
import { responsesGenerateAdapter, responsesStreamAdapter } from './responses-attempt';
import {
  createTranslatedItemMemory,
  resolveItemReferences,
  type TranslatedItemMemory,
} from './translated-item-memory';

/** One `POST /v1/responses` call. */
export interface ResponsesCallInput extends GatewayCaller {
  /** The validated request. */
  body: ResponsesCreateRequest;
  /** The client's bytes, forwarded unchanged to a provider that serves Responses when possible. */
  rawBody?: string | undefined;
}

/** Options of the Responses gateway: the chat gateway's, plus where translated items are kept. */
export interface ResponsesGatewayOptions extends ChatGatewayOptions {
  /**
   * Output items of translated answers, so that `item_reference`s to them resolve (the AI SDK
   * sends its earlier tool calls that way). A bounded in-process memory by default.
   */
  itemMemory?: TranslatedItemMemory | undefined;
}

/** How a Responses call was served. */
export type ResponsesMode = 'passthrough' | 'translated';

/** A served Responses call: the response object's JSON text, or the SSE bytes of its events. */
export type ResponsesCallResult = { served: ServedBy; mode: ResponsesMode } & (
  | { kind: 'json'; body: string; costUsd: number | undefined }
  | { kind: 'stream'; body: ReadableStream<Uint8Array> }
);

export interface ResponsesGateway {
  /**
   * Routes, calls with retries and fallback, records one `responses` event. Throws
   * `GatewayCallError` (carrying the recorded event) when the call cannot be served.
   */
  respond(input: ResponsesCallInput): Promise<ResponsesCallResult>;
}

/**
 * The Responses face of the call engine (`POST /v1/responses`), with the chat face's routing,
 * keys, budgets, caps, retries, fallback, usage, cost and one event (`operation: 'responses'`).
 *
 * When every model of the call routes to a provider that serves the Responses API natively
 * (`endpoints` has `responses`: OpenAI, Azure, OpenRouter, Vercel, Groq, xAI, Bedrock), the request is
 * passed through to its `…/responses` endpoint with the model swapped for the upstream one, and
 * the answer passed back as it came (JSON, or the events). Otherwise the request is translated
 * to Chat Completions (`convertResponsesRequestToChat`: stateful fields and built-in tools are a
 * 400), served by the chat adapters, and the answer translated back. A translated answer's items
 * are kept (`itemMemory`), so the caller's next request may name them by `item_reference`.
 */
export function createResponsesGateway(
  from: ResponsesGatewayOptions | (GatewayEngine & Pick<ResponsesGatewayOptions, 'itemMemory'>),
): ResponsesGateway {
  const gateway = gatewayEngineOf(from);
  const { engine, options } = gateway;
  const memory = from.itemMemory ?? createTranslatedItemMemory();

  return {
    async respond(input) {
      const { body } = input;
      const { spec, secrets } = beginFaceCall(gateway, input, {
        models: [body.model, ...(input.fallbackModels ?? [])],
        operation: 'responses',
        stream: body.stream === true,
        bodyUser: body.user ?? body.safety_identifier ?? undefined,
        estimateInputTokens: () =>
          estimatePromptTokens([body.instructions ?? '', body.input ?? '', body.tools ?? []]),
        maxOutputTokens: body.max_output_tokens ?? undefined,
      });
      try {
        if (spec.targets.every(servesResponses)) {
          return await passthrough(engine, spec, {
            body,
            rawBody: input.rawBody,
            secrets,
            fetch: options.fetch,
            maxResponseBytes: options.maxResponseBytes,
          });
        }
        // Items are kept per caller key: a reference only resolves for the caller it was sent to.
        const scope = input.keyId ?? '';
        const request = resolveItemReferences(body, memory, scope);
        const chatBody = translate(engine, request, spec);
        const keep = (items: ResponsesResponse['output']) => memory.remember(scope, items);
        return await translated(engine, spec, request, keep, {
          body: chatBody,
          rawBody: undefined,
          secrets,
          fetch: options.fetch,
          maxResponseBytes: options.maxResponseBytes,
          prices: options.prices ?? { computeCostUsd },
        });
      } catch (error) {
        throw clientFailure(error, input.signal, secrets);
      }
    },
  };
}

/** Whether the provider called for a target serves the Responses API itself. */
function servesResponses(target: ChatTarget): boolean {
  return target.provider.wire === 'openai' && target.provider.endpoints.includes('responses');
}

async function passthrough(
  engine: CallEngine,
  spec: CallSpec<ChatTarget>,
  call: Parameters<typeof responsesGenerateAdapter>[0],
): Promise<ResponsesCallResult> {
  if (spec.stream) {
    const { stream, served } = await engine.stream(spec, responsesStreamAdapter(call));
    return { kind: 'stream', body: stream, served, mode: 'passthrough' };
  }
  const { value, served, event } = await engine.generate(spec, responsesGenerateAdapter(call));
  return { kind: 'json', body: value.text, served, costUsd: event.costUsd, mode: 'passthrough' };
}

/** The Chat request of a call to translate; a request Chat cannot express is one recorded 400. */
function translate(
  engine: CallEngine,
  body: ResponsesCreateRequest,
  spec: CallSpec<ChatTarget>,
): ChatCompletionRequest {
  try {
    return convertResponsesRequestToChat(body);
  } catch (error) {
    const event = engine.reject({
      status: 'invalid_request',
      error,
      operation: spec.operation,
      requestedModel: spec.requestedModel,
      stream: spec.stream,
      subject: spec.subject,
    });
    throw toGatewayCallError(error, { event });
  }
}

async function translated(
  engine: CallEngine,
  spec: CallSpec<ChatTarget>,
  request: ResponsesCreateRequest,
  keep: (items: ResponsesResponse['output']) => void,
  call: ChatCall,
): Promise<ResponsesCallResult> {
  const chatSpec = {
    ...spec,
    estimateInputTokens: () => estimatePromptTokens([call.body.messages, call.body.tools ?? []]),
  };
  if (spec.stream) {
    const { stream, served } = await engine.stream(chatSpec, chatStreamAdapter(call));
    const body = convertChatSSEToResponses(stream, request, (response) => keep(response.output));
    return { kind: 'stream', body, served, mode: 'translated' };
  }
  const { value, served, event } = await engine.generate(chatSpec, chatGenerateAdapter(call));
  const response = convertChatResponseToResponses(value.completion as ChatCompletion, request);
  keep(response.output);
  return {
    kind: 'json',
    body: JSON.stringify(response),
    served,
    costUsd: event.costUsd,
    mode: 'translated',
  };
}
