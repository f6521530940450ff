// Catalog: providers, routing, prices.
export * from './catalog/providers';
export * from './catalog/route-model';
export * from './catalog/routing-errors';
export * from './catalog/prices';

// Wire formats.
export * from './wire/openai-chat';
export * from './wire/format-zod-issues';
export * from './wire/sse';

// Upstream calls (one attempt, OpenAI-shaped in and out).
export * from './upstream/provider-config';
export * from './upstream/call-upstream';
export * from './upstream/list-models';

// Errors.
export * from './errors/upstream-http-error';
export * from './errors/budget-exceeded-error';
export * from './errors/timeout-error';
export * from './errors/classify-error';

// Policies.
export * from './policies/retry-policy';
export * from './policies/execute-with-fallback';
export * from './policies/commit-stream';
export * from './policies/budget-guard';

// Stores.
export * from './stores/budget-store';
export * from './stores/memory-budget-store';

// Usage.
export * from './usage/gateway-event';
export * from './usage/estimate-tokens';
export * from './usage/estimate-cost';
export * from './usage/call-recorder';

// Utilities.
export * from './util/redact';
