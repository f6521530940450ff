import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetGuard } from '../budget/budget-guard';
import { createBudgetGuard } from '../budget/budget-guard';
import { MemoryBudgetStore } from '../budget/memory-budget-store';
import { createEmbeddingsGateway } from '../embeddings/embeddings-gateway';
import { createResponsesGateway } from '../responses/responses-gateway';
import { resolveProviderConfigs } from '../upstream/provider-config';
import type { GatewayEvent } from '../usage/gateway-event';
import { createChatGateway, createGatewayEngine } from './chat-gateway';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());

describe('createGatewayEngine', () => {
  it('is one engine for every face: one budget guard, one recorder, one gateway name', async () => {
    const events: GatewayEvent[] = [];
    const reserved: string[] = [];
    const guard = createBudgetGuard({
      limitUsd: 10,
      period: 'total',
      store: new MemoryBudgetStore(),
    });
    const budget: BudgetGuard = {
      reserveCall(call, now) {
        reserved.push(call.targets[0]?.model ?? '');
        return guard.reserveCall(call, now);
      },
    };
    const env = { OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'sk-openai-test-key' };
    const engine = createGatewayEngine({
      gatewayName: 'shared',
      budget,
      sinks: [(e) => void events.push(e)],
      providers: resolveProviderConfigs(env),
      retry: { maxRetries: 0, baseDelayMs: 1 },
      timeoutMs: 2_000,
    });
    const credentials = { useConfiguredKeys: true };

    await createChatGateway(engine).chat({
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
      credentials,
    });
    await createEmbeddingsGateway(engine).embed({
      body: { model: 'text-embedding-3-small', input: 'hi' },
      credentials,
    });
    await createResponsesGateway(engine).respond({
      body: { model: 'gpt-4o-mini', input: 'hi' },
      credentials,
    });

    expect(events.map((e) => [e.operation, e.gateway, e.status])).toEqual([
      ['chat', 'shared', 'success'],
      ['embeddings', 'shared', 'success'],
      ['responses', 'shared', 'success'],
    ]);
    expect(reserved).toEqual(['gpt-4o-mini', 'text-embedding-3-small', 'gpt-4o-mini']);
    // The operator's key is redacted the same way by every face built on the engine.
    expect(engine.configuredKeys).toContain('sk-openai-test-key');
  });
});
