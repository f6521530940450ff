import type { GatewayEvent } from '@stereos/core';
import { describe, expect, it } from 'vitest';
import { createMemoryLedger } from './memory-ledger';

function event(id: string, extra: Partial<GatewayEvent> = {}): GatewayEvent {
  return {
    id,
    timestamp: '2026-03-01T10:00:00.000Z',
    gateway: 'server',
    operation: 'chat',
    stream: false,
    provider: 'openai',
    requestedModel: 'gpt-4o-mini',
    model: 'gpt-4o-mini',
    status: 'success',
    attempts: 1,
    fallbackIndex: 0,
    latencyMs: 5,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    usageEstimated: false,
    costUsd: 0.5,
    cacheHit: false,
    tags: [],
    metadata: {},
    ...extra,
  };
}

describe('createMemoryLedger', () => {
  it('pages newest first with a cursor, filtered by key', async () => {
    const ledger = createMemoryLedger();
    for (let i = 1; i <= 5; i++) ledger.record(event(`e${i}`, { keyId: i % 2 ? 'vk_a' : 'vk_b' }));
    const first = await ledger.page({ limit: 2 });
    expect(first.events.map((e) => e.id)).toEqual(['e5', 'e4']);
    const second = await ledger.page({ limit: 2, cursor: first.nextCursor });
    expect(second.events.map((e) => e.id)).toEqual(['e3', 'e2']);
    const last = await ledger.page({ limit: 2, cursor: second.nextCursor });
    expect(last).toEqual({
      events: [expect.objectContaining({ id: 'e1' })],
      nextCursor: undefined,
    });
    const own = await ledger.page({ limit: 10, keyId: 'vk_b' });
    expect(own.events.map((e) => e.id)).toEqual(['e4', 'e2']);
    expect((await ledger.page({ limit: 10, cursor: 'garbage' })).events).toEqual([]);
  });

  it('keeps the newest `capacity` events', async () => {
    const ledger = createMemoryLedger(3);
    for (let i = 1; i <= 7; i++) ledger.record(event(`e${i}`));
    expect((await ledger.page({ limit: 10 })).events.map((e) => e.id)).toEqual(['e7', 'e6', 'e5']);
  });

  it('sums usage per group within [from, to)', async () => {
    const ledger = createMemoryLedger();
    ledger.record(event('a', { tags: ['x', 'y'], user: 'ann' }));
    ledger.record(event('b', { tags: ['x'], status: 'error', costUsd: undefined }));
    ledger.record(event('c', { timestamp: '2026-03-02T00:00:00.000Z', model: 'gpt-4o' }));
    expect(await ledger.usage({})).toEqual([
      { group: 'total', requests: 3, errors: 1, inputTokens: 30, outputTokens: 15, costUsd: 1 },
    ]);
    expect((await ledger.usage({ groupBy: 'tag' })).map((r) => [r.group, r.requests])).toEqual([
      ['(none)', 1],
      ['x', 2],
      ['y', 1],
    ]);
    expect((await ledger.usage({ groupBy: 'day' })).map((r) => r.group)).toEqual([
      '2026-03-01',
      '2026-03-02',
    ]);
    const march1 = await ledger.usage({
      groupBy: 'model',
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-02T00:00:00Z',
    });
    expect(march1).toEqual([expect.objectContaining({ group: 'gpt-4o-mini', requests: 2 })]);
  });
});
