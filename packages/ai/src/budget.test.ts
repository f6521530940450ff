import { MemoryBudgetStore } from '@stereos/core';
import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StereosBudgetExceededError } from './stereos-budget-exceeded-error';
import { createStereos } from './stereos-provider';
import { aiVersions } from './testing/ai-versions';
import { collectEvents } from './testing/collect';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

// gpt-4o-mini: $0.60 per million output tokens. With maxOutputTokens 1000 a call reserves about
// $0.0006 (plus a little input), so a $0.00605 budget affords exactly 10 concurrent calls.
const LIMIT = 0.00605;

describe.each(aiVersions)('budgets with $version', ({ generateText, streamText }) => {
  it('blocks the call that would exceed the budget, before any upstream call', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      budget: { limitUsd: 0.0001 },
      onUsage: usage.onUsage,
    });
    const error = await generateText({
      model: stereos('gpt-4o-mini'),
      prompt: 'hi',
      maxOutputTokens: 1000,
    }).catch((e) => e);
    const cause = StereosBudgetExceededError.isInstance(error)
      ? error
      : (error?.lastError ?? error?.cause);
    expect(StereosBudgetExceededError.isInstance(cause)).toBe(true);
    expect(cause.statusCode).toBe(402);
    expect(cause.isRetryable).toBe(false);
    expect(upstream.requests).toHaveLength(0);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ status: 'budget_exceeded', attempts: 0, costUsd: 0 });
  });

  it('lets 10 of 100 concurrent calls through a budget that affords 10, never overspending', async () => {
    const store = new MemoryBudgetStore();
    const usage = collectEvents();
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      budget: { limitUsd: LIMIT, store, period: 'day' },
      onUsage: usage.onUsage,
    });
    const model = stereos('gpt-4o-mini');
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        generateText({ model, prompt: `q${i}`, maxOutputTokens: 1000, maxRetries: 0 }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(10);
    expect(upstream.requests).toHaveLength(10);
    await usage.waitFor(100);
    const spent = usage.events.reduce((sum, e) => sum + (e.costUsd ?? 0), 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(LIMIT);
    const day = `day:${new Date().toISOString().slice(0, 10)}`;
    const window = await store.usage('global', day);
    expect(window.reservedUsd).toBe(0);
    expect(window.spentUsd).toBeCloseTo(spent, 12);
  });

  it('keeps a separate budget per user', async () => {
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      budget: { limitUsd: 0.001, scope: 'user' },
    });
    const call = (user: string) =>
      streamText({
        model: stereos('gpt-4o-mini'),
        prompt: 'hi',
        maxOutputTokens: 1000,
        providerOptions: { stereos: { user } },
      }).text;
    // alice's first call really costs $0.0009 (1500 output tokens): her next reservation won't fit.
    upstream.enqueue({ kind: 'reply', text: 'long', usage: { input: 10, output: 1500 } });
    await call('alice');
    await expect(
      generateText({
        model: stereos('gpt-4o-mini'),
        prompt: 'hi',
        maxOutputTokens: 1000,
        providerOptions: { stereos: { user: 'alice' } },
      }),
    ).rejects.toThrow(/user:alice/);
    await expect(call('bob')).resolves.toContain('echo');
  });
});
