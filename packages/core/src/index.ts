// Catalog: providers, routing, prices.

export * from './catalog/prices';
export * from './catalog/providers';
export * from './catalog/route-model';
export * from './catalog/routing-errors';
export * from './errors/budget-exceeded-error';
export * from './errors/classify-error';
export * from './errors/timeout-error';
// Errors.
export * from './errors/upstream-http-error';
// The server's chat pipeline.
export * from './gateway/chat-gateway';
export * from './gateway/chat-targets';
export * from './gateway/gateway-call-error';
export * from './policies/budget-guard';
export * from './policies/commit-stream';
export * from './policies/execute-with-fallback';

// Policies.
export * from './policies/retry-policy';
// Stores.
export * from './stores/budget-store';
export * from './stores/memory-budget-store';
export * from './upstream/anthropic-upstream';
export * from './upstream/call-upstream';
export * from './upstream/list-models';
// Upstream calls (one attempt, OpenAI-shaped in and out).
export * from './upstream/provider-config';
export * from './upstream/upstream-headers';
export * from './usage/call-recorder';
export * from './usage/estimate-cost';
export * from './usage/estimate-tokens';
// Usage.
export * from './usage/gateway-event';
export * from './util/concat-bytes';
// Utilities.
export * from './util/redact';
export * from './wire/anthropic/anthropic-messages-api';
export * from './wire/anthropic/anthropic-stream-error';
export * from './wire/anthropic/convert-anthropic-error';
export * from './wire/anthropic/convert-anthropic-response-to-chat';
export * from './wire/anthropic/convert-anthropic-stream-to-chat';
export * from './wire/anthropic/convert-anthropic-usage';
export * from './wire/anthropic/convert-chat-messages-to-anthropic';
export * from './wire/anthropic/convert-chat-to-anthropic-request';
export * from './wire/anthropic/convert-chat-tools-to-anthropic';
export * from './wire/anthropic/map-anthropic-stop-reason';
export * from './wire/format-zod-issues';
// Wire formats.
export * from './wire/openai-chat';
// Anthropic Messages ⇄ OpenAI Chat translation.
export * from './wire/parse-data-url';
export * from './wire/sse';
export * from './wire/wire-conversion-error';
