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
// The OpenAI-shaped chat face of the engine (the server's chat route).
export {
  type ChatCallInput,
  type ChatCallResult,
  type ChatGateway,
  type ChatGatewayOptions,
  createChatGateway,
} from './chat/chat-gateway';
export type { ChatCredentials } from './chat/chat-targets';
// The embeddings face of the engine (the server's `/v1/embeddings`).
export {
  createEmbeddingsGateway,
  type EmbeddingsCallInput,
  type EmbeddingsCallResult,
  type EmbeddingsGateway,
} from './embeddings/embeddings-gateway';
export { type EmbeddingsRequest, embeddingsRequestSchema } from './embeddings/embeddings-request';
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
export type { ChunkSource, ProbeResult } from './engine/commit-stream';
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
// Protocol: the x-stereos-* names both faces share.
export {
  FALLBACK_MODELS_FIELD,
  PROVIDER_KEY_HEADER_PREFIX,
  REQUEST_ID_HEADER,
  STEREOS_REQUEST_HEADERS,
  STEREOS_RESPONSE_HEADERS,
} from './protocol';
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
export { buildUpstreamHeaders } from './upstream/upstream-headers';
export { estimatePromptTokens } from './usage/estimate-tokens';

// Usage.
export type {
  GatewayEvent,
  GatewayEventSink,
  GatewayEventStatus,
  TokenUsage,
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
export { createChatAnthropicStreamConverter } from './wire/anthropic/convert-chat-stream-to-anthropic';
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
export { encodeSSE, SSE_DONE } from './wire/sse';
export { WireConversionError } from './wire/wire-conversion-error';
