import { describe, expect, it } from 'vitest';
import { createMemoryLedger } from '../../stores/memory/memory-ledger';
import { queryOverview, TOP_GROUPS } from './overview-query';
import { testEvent } from './test-events';
import { parseTimeRange } from './time-range';

const NOW = Date.parse('2026-03-10T12:30:00Z');
const at = (iso: string) => new Date(iso).toISOString();

describe('overview query', () => {
  it('totals, error rate, cache hit rate and latency percentiles of the range', async () => {
    const ledger = createMemoryLedger();
    ledger.record(testEvent({ timestamp: at('2026-03-08T00:00:00Z'), costUsd: 5 })); // before the range
    const latencies = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    for (const latencyMs of latencies) {
      ledger.record(testEvent({ timestamp: at('2026-03-10T11:10:00Z'), latencyMs, costUsd: 0.5 }));
    }
    ledger.record(
      testEvent({
        timestamp: at('2026-03-10T12:00:00Z'),
        status: 'rate_limited',
        attempts: 0,
        latencyMs: 0,
        costUsd: 0,
      }),
    );
    ledger.record(
      testEvent({
        timestamp: at('2026-03-10T12:05:00Z'),
        cacheHit: true,
        attempts: 0,
        latencyMs: 1,
        costUsd: 0,
      }),
    );
    const overview = await queryOverview(ledger, {
      range: parseTimeRange({ range: '24h' }, NOW),
      split: 'model',
    });
    expect(overview.totals).toMatchObject({
      requests: 12,
      errors: 1,
      cacheHits: 1,
      costUsd: 5,
      inputTokens: 120,
    });
    expect(overview.totals.errorRate).toBeCloseTo(1 / 12);
    expect(overview.totals.cacheHitRate).toBeCloseTo(1 / 12);
    // The refusal (no attempt) is left out of the latencies; the cache hit is in.
    expect(overview.totals.p50LatencyMs).toBe(50);
    expect(overview.totals.p95LatencyMs).toBe(100);
    const [group] = overview.groups;
    const hour = overview.buckets.indexOf(Date.parse('2026-03-10T11:00:00Z'));
    expect(group?.requestsSeries[hour]).toBe(10);
    expect(group?.spendSeries[hour]).toBeCloseTo(5);
    expect(group?.requestsSeries.reduce((a, b) => a + b)).toBe(12);
  });

  it('splits by tag (an event in each of its tags) and by key, limited to one key for a virtual key', async () => {
    const ledger = createMemoryLedger();
    const ts = at('2026-03-10T12:00:00Z');
    ledger.record(testEvent({ timestamp: ts, keyId: 'vk_a', tags: ['x', 'y'] }));
    ledger.record(testEvent({ timestamp: ts, keyId: 'vk_b', tags: [] }));
    const range = parseTimeRange({ range: '1h' }, NOW);
    const byTag = await queryOverview(ledger, { range, split: 'tag' });
    expect(byTag.groups.map((g) => [g.group, g.requests]).sort()).toEqual([
      ['(none)', 1],
      ['x', 1],
      ['y', 1],
    ]);
    expect(byTag.totals.requests).toBe(2);
    const own = await queryOverview(ledger, { range, split: 'key', keyId: 'vk_a' });
    expect(own.groups.map((g) => g.group)).toEqual(['vk_a']);
    expect(own.totals.requests).toBe(1);
  });

  it('charts the top groups and sums the rest as `other`', async () => {
    const ledger = createMemoryLedger();
    for (let i = 0; i < TOP_GROUPS + 3; i++) {
      ledger.record(
        testEvent({ timestamp: at('2026-03-10T12:00:00Z'), user: `u${i}`, costUsd: i + 1 }),
      );
    }
    const overview = await queryOverview(ledger, {
      range: parseTimeRange({ range: '1h' }, NOW),
      split: 'user',
    });
    expect(overview.groups).toHaveLength(TOP_GROUPS + 3);
    expect(overview.charted).toHaveLength(TOP_GROUPS + 1);
    const other = overview.charted.at(-1);
    expect(other).toMatchObject({ other: true, requests: 3, costUsd: 1 + 2 + 3 });
    expect(other?.requestsSeries.reduce((a, b) => a + b)).toBe(3);
  });

  it('reads at most maxEvents and says so', async () => {
    const ledger = createMemoryLedger();
    for (let i = 0; i < 30; i++)
      ledger.record(testEvent({ timestamp: at('2026-03-10T12:00:00Z') }));
    const overview = await queryOverview(ledger, {
      range: parseTimeRange({ range: '1h' }, NOW),
      split: 'model',
      maxEvents: 20,
    });
    expect(overview).toMatchObject({ truncated: true, scanned: 20, totals: { requests: 20 } });
  });
});
