import type { GatewayEvent } from '@stereos/core';

/** Test-only: a ledger event, as the gateway records one. */
export function testEvent(extra: Partial<GatewayEvent> = {}): GatewayEvent {
  return {
    id: `ev-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    gateway: 'server',
    operation: 'chat',
    stream: false,
    provider: 'openai',
    requestedModel: 'gpt-4o-mini',
    model: 'gpt-4o-mini',
    status: 'success',
    attempts: 1,
    fallbackIndex: 0,
    latencyMs: 10,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    usageEstimated: false,
    costUsd: 0.001,
    cacheHit: false,
    tags: [],
    metadata: {},
    ...extra,
  };
}
