/*
 * The public surface of @stereos/core, on purpose: what the faces (@stereos/ai, @stereos/server)
 * and users need. Everything else stays internal to the package.
 */

export {
  type BudgetAlert,
  type BudgetAlertOptions,
  type BudgetAlerts,
  createBudgetAlerts,
} from './budget/budget-alerts';
// Budgets.
export {
  type BudgetGuard,
  type BudgetOptions,
  type BudgetScope,
  type BudgetSubject,
  createBudgetGuard,
} from './budget/budget-guard';
export type { BudgetReserveRequest, BudgetReserveResult, BudgetStore } from './budget/budget-store';
export { type BudgetPeriod, windowId } from './budget/budget-window';
export { MemoryBudgetStore } from './budget/memory-budget-store';
export {
  type GatewayRoute,
  type GatewayVia,
  parseGatewayRoutes,
} from './catalog/gateway-routes';
// Catalog: providers, routing, prices.
export {
  createPriceTable,
  type ModelPrice,
  type PriceTable,
} from './catalog/prices';
export {
  getProvider,
  isProviderId,
  OPENAI_ENDPOINTS,
  type OpenAIEndpoint,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderId,
  type ProviderSpec,
} from './catalog/providers';
export { type RouteResult, routeModel } from './catalog/route-model';
export { InvalidModelError, UnknownProviderError } from './catalog/routing-errors';
// The OpenAI-shaped chat face of the engine (the server's chat route), and the one engine of a
// gateway configuration that every face (chat, responses, embeddings, endpoints) can share.
export {
  type ChatCallInput,
  type ChatCallResult,
  type ChatGateway,
  type ChatGatewayOptions,
  createChatGateway,
  createGatewayEngine,
  type GatewayEngine,
} from './chat/chat-gateway';
export type { ChatCredentials } from './chat/chat-targets';
export type { GatewayCaller } from './chat/gateway-call-steps';
// The embeddings face of the engine (the server's `/v1/embeddings`).
export {
  createEmbeddingsGateway,
  type EmbeddingsCallInput,
  type EmbeddingsCallResult,
  type EmbeddingsGateway,
} from './embeddings/embeddings-gateway';
export { type EmbeddingsRequest, embeddingsRequestSchema } from './embeddings/embeddings-request';
// The OpenAI-wire endpoints beside chat (images, audio, moderations) on one endpoint gateway.
export {
  createEndpointGateway,
  type EndpointCallInput,
  type EndpointGateway,
  type EndpointStreamResult,
} from './endpoints/endpoint-gateway';
export {
  checkImageEditFiles,
  IMAGE_EDIT_FILE_FIELDS,
  type ImageEditForm,
  MAX_EDIT_IMAGES,
  readImageEditForm,
} from './endpoints/image-edit-request';
export {
  DEFAULT_IMAGE_MODEL,
  type ImagesRequest,
  imagesRequestSchema,
} from './endpoints/images-request';
export {
  DEFAULT_MODERATION_MODEL,
  type ModerationsRequest,
  moderationsRequestSchema,
} from './endpoints/moderations-request';
export type { FormField, MultipartParts, UploadFile } from './endpoints/multipart-body';
export { ENDPOINT_KINDS, type EndpointKind } from './endpoints/openai-endpoint';
export {
  createOpenAIEndpointsGateway,
  type EndpointCaller,
  type EndpointTextResult,
  type ImageEditCallInput,
  type OpenAIEndpointsGateway,
  type OpenAIEndpointsGatewayOptions,
  type TranscriptionCallInput,
  type TranscriptionResult,
} from './endpoints/openai-endpoints-gateway';
export { type SpeechRequest, speechRequestSchema } from './endpoints/speech-request';
export {
  MAX_FORM_FIELD_CHARS,
  MAX_FORM_FIELDS,
  MAX_FORM_NAME_CHARS,
  readTranscriptionForm,
  type TranscriptionForm,
} from './endpoints/transcriptions-request';
export {
  DEFAULT_UNIT_PRICES,
  type UnitPrice,
  type UnitPriceTable,
} from './endpoints/unit-prices';
// The call engine: one lifecycle for every call of both faces.
export type {
  AnswerUsage,
  CallSpec,
  CallSubject,
  GenerateAdapter,
  ServedBy,
  StreamAdapter,
  StreamStart,
  StreamTap,
} from './engine/call-adapter';
export {
  type CachedCall,
  type CallEngine,
  type CallEngineOptions,
  type CallLimits,
  createCallEngine,
  DEFAULT_CALL_LIMITS,
  type RejectedCall,
} from './engine/call-engine';
export {
  type ChunkSource,
  type CommittedReader,
  type ProbeResult,
  takeCommittedReader,
} from './engine/commit-stream';
export type { AttemptContext } from './engine/execute-with-fallback';
export { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, type RetryOptions } from './engine/retry-policy';
// Errors: one family, each with `isInstance` that works across package copies.
export { BudgetExceededError, type BudgetRefusal } from './errors/budget-exceeded-error';
export { CallFailure, type FailedCall } from './errors/call-failure';
export { classifyError, type FailureInfo, parseAttemptsHeader } from './errors/classify-error';
export { ConfigurationError } from './errors/configuration-error';
export { GatewayCallError, toGatewayCallError } from './errors/gateway-call-error';
export { InvalidRequestError } from './errors/invalid-request-error';
export { MissingProviderKeyError } from './errors/missing-provider-key-error';
export { StereosError } from './errors/stereos-error';
export { AttemptTimeoutError } from './errors/timeout-error';
export { UnpricedModelError } from './errors/unpriced-model-error';
export { UpstreamHttpError } from './errors/upstream-http-error';
// Per-unit costs (images, characters, audio minutes) for the AI SDK provider's model kinds.
export {
  imageUnitCosts,
  speechUnitCosts,
  transcriptionUnitCosts,
  type UnitCosts,
} from './models/unit-costs';
// Protocol: the x-stereos-* names both faces share.
export {
  FALLBACK_MODELS_FIELD,
  PROVIDER_KEY_HEADER_PREFIX,
  REQUEST_ID_HEADER,
  STEREOS_REQUEST_HEADERS,
  STEREOS_RESPONSE_HEADERS,
} from './protocol';
// The Responses face of the engine (the server's `/v1/responses`): passthrough or via Chat.
export {
  createResponsesGateway,
  type ResponsesCallInput,
  type ResponsesCallResult,
  type ResponsesGateway,
  type ResponsesGatewayOptions,
  type ResponsesMode,
} from './responses/responses-gateway';
export {
  createTranslatedItemMemory,
  type TranslatedItemMemory,
  type TranslatedItemMemoryOptions,
} from './responses/translated-item-memory';
// Upstreams (one attempt against one provider, typed answers) and model listing.
export {
  callUpstreamChat,
  type UpstreamChatResult,
  type UpstreamRequest,
} from './upstream/call-upstream';
export { type ListedModel, listProviderModels } from './upstream/list-models';
export {
  configuredProviders,
  type ProviderConfig,
  type ProviderConfigs,
  resolveProviderConfigs,
} from './upstream/provider-config';
export { BODY_READER, type ByteReader, bodyBytesOf } from './upstream/read-sse';
export { buildUpstreamHeaders } from './upstream/upstream-headers';
export { estimatePromptTokens, tokensOfChars } from './usage/estimate-tokens';

// Usage.
export type {
  GatewayEvent,
  GatewayEventSink,
  GatewayEventStatus,
  TokenUsage,
  UsageUnits,
} from './usage/gateway-event';
// Utilities the faces share.
export { concatBytes } from './util/concat-bytes';
export { redactSecrets, redactUrl } from './util/redact';
// Anthropic Messages inbound (`POST /v1/messages`): Messages → Chat → Messages.
export { anthropicErrorBody, anthropicErrorTypeOf } from './wire/anthropic/anthropic-error-body';
export type {
  AnthropicErrorBody,
  AnthropicMessage,
  AnthropicStreamEvent,
} from './wire/anthropic/anthropic-messages-api';
export {
  type AnthropicCountTokensInput,
  type AnthropicMessagesInput,
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
} from './wire/anthropic/anthropic-messages-request-schema';
export {
  type AnthropicRequestToChatOptions,
  convertAnthropicRequestToChat,
} from './wire/anthropic/convert-anthropic-request-to-chat';
export { convertChatResponseToAnthropic } from './wire/anthropic/convert-chat-response-to-anthropic';
export { convertChatSSEToAnthropic } from './wire/anthropic/convert-chat-sse-to-anthropic';
export {
  type ChatAnthropicStreamConverter,
  createChatAnthropicStreamConverter,
} from './wire/anthropic/convert-chat-stream-to-anthropic';
export { estimateAnthropicInputTokens } from './wire/anthropic/estimate-anthropic-input-tokens';
// Wire formats.
export { ChatStreamItem } from './wire/chat-stream-item';
export { formatZodIssues } from './wire/format-zod-issues';
export {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  chatCompletionChunkSchema,
  chatCompletionRequestSchema,
  chatCompletionSchema,
  type OpenAIErrorBody,
  openAIErrorBodySchema,
} from './wire/openai-chat';
// Request bounds: every value that can reach an upstream, a header or a log is checked first.
export {
  isValidRequestId,
  type JsonTextScan,
  MAX_JSON_DEPTH,
  MAX_METADATA_HEADER_BYTES,
  metadataProblem,
  modelIdProblem,
  scanJsonText,
  tagsProblem,
  userProblem,
} from './wire/request-limits';
// Responses API inbound (`POST /v1/responses`): Responses → Chat → Responses.
export { convertChatResponseToResponses } from './wire/responses/convert-chat-response-to-responses';
export { convertChatSSEToResponses } from './wire/responses/convert-chat-sse-to-responses';
export {
  type ChatResponsesStreamConverter,
  createChatResponsesStreamConverter,
} from './wire/responses/convert-chat-stream-to-responses';
export { convertResponsesRequestToChat } from './wire/responses/convert-responses-request-to-chat';
export type {
  ResponsesOutputItem,
  ResponsesResponse,
  ResponsesStreamEvent,
  ResponsesUsage,
} from './wire/responses/responses-api';
export {
  MAX_RESPONSES_INPUT_ITEMS,
  MAX_RESPONSES_TOOLS,
  type ResponsesCreateRequest,
  responsesCreateRequestSchema,
} from './wire/responses/responses-request-schema';
export { encodeSSE, SSE_DONE } from './wire/sse';
export { WireConversionError } from './wire/wire-conversion-error';
