import type { GatewayEvent } from '@stereos/core';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { UsageGroup, UsageRow } from '../store-contracts';
import { createSqlEventLedger, type SqlEventLedgerOptions } from './sql-event-ledger';
import { targets, useTestDatabase } from './sql-test-targets';

/** A deterministic event: 4 keys, 3 models, 2 providers, 3 users, 1 to 2 tags, 3 days. */
function eventAt(i: number): GatewayEvent {
  const day = 20 + (i % 3);
  const seconds = String(i % 60).padStart(2, '0');
  return {
    id: `evt_${String(i).padStart(5, '0')}`,
    timestamp: `2026-11-${day}T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${seconds}.000Z`,
    gateway: 'server',
    operation: 'chat',
    stream: i % 2 === 0,
    provider: i % 5 === 0 ? undefined : ['openai', 'anthropic'][i % 2],
    requestedModel: ['gpt-4o', 'claude-3-5-sonnet', 'gpt-4o-mini'][i % 3] as string,
    model: ['gpt-4o', 'claude-3-5-sonnet', 'gpt-4o-mini'][i % 3],
    status: i % 7 === 0 ? 'error' : 'success',
    attempts: 1,
    fallbackIndex: 0,
    latencyMs: 100,
    inputTokens: 10 + (i % 11),
    outputTokens: 5 + (i % 13),
    cachedInputTokens: 0,
    reasoningTokens: 0,
    usageEstimated: false,
    costUsd: i % 9 === 0 ? undefined : 0.001 * (i % 4),
    cacheHit: false,
    user: i % 4 === 3 ? undefined : `user${i % 3}`,
    tags: i % 10 === 9 ? [] : i % 2 === 0 ? ['a', 'b'] : ['a'],
    metadata: { i: String(i) },
    keyId: `vk_${i % 4}`,
  };
}

/** The expected usage, computed in JavaScript. */
function expectedUsage(events: GatewayEvent[], groupBy: UsageGroup): UsageRow[] {
  const groupsOf: Record<UsageGroup, (e: GatewayEvent) => string[]> = {
    key: (e) => [e.keyId ?? '(none)'],
    model: (e) => [e.model ?? '(none)'],
    provider: (e) => [e.provider ?? '(none)'],
    user: (e) => [e.user ?? '(none)'],
    tag: (e) => (e.tags.length > 0 ? e.tags : ['(none)']),
    day: (e) => [e.timestamp.slice(0, 10)],
  };
  const rows = new Map<string, UsageRow>();
  for (const e of events) {
    for (const group of groupsOf[groupBy](e)) {
      const row = rows.get(group) ?? {
        group,
        requests: 0,
        errors: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
      };
      row.requests++;
      if (e.status !== 'success') row.errors++;
      row.inputTokens += e.inputTokens;
      row.outputTokens += e.outputTokens;
      row.costUsd += e.costUsd ?? 0;
      rows.set(group, row);
    }
  }
  return [...rows.values()].sort((a, b) => (a.group < b.group ? -1 : 1));
}

/** Counts the inserts into the events table (a Kysely plugin sees every query node). */
function insertCounter(): KyselyPlugin & { count: number } {
  return {
    count: 0,
    transformQuery({ node }: { node: RootOperationNode }) {
      if (
        node.kind === 'InsertQueryNode' &&
        node.into?.table.identifier.name === 'stereos_events'
      ) {
        this.count++;
      }
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
}

/** Rows in code-point order of their groups (the database orders by its collation), costs rounded. */
const comparable = (rows: UsageRow[]) =>
  rows
    .map((row) => ({ ...row, costUsd: Math.round(row.costUsd * 1e9) / 1e9 }))
    .sort((a, b) => (a.group < b.group ? -1 : 1));

for (const target of targets) {
  describe.skipIf(target.skip)(`SQL event ledger on ${target.name}`, () => {
    const state = useTestDatabase(target);
    const open = (options?: SqlEventLedgerOptions) => {
      const counter = insertCounter();
      const ledger = createSqlEventLedger(state.database.db.withPlugin(counter), {
        onError: () => {},
        ...options,
      });
      return { ledger, counter };
    };

    it('writes 1000 events in batches of 500 and pages through them newest first', async () => {
      const { ledger, counter } = open({ flushIntervalMs: 60_000 });
      const events = Array.from({ length: 1000 }, (_, i) => eventAt(i));
      for (const event of events) ledger.record(event);
      await ledger.flush();
      expect(counter.count).toBe(2);

      const seen: GatewayEvent[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await ledger.page({ limit: 137, cursor });
        seen.push(...page.events);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(Math.ceil(1000 / 137));
      const newestFirst = [...events].sort((a, b) =>
        a.timestamp === b.timestamp ? (a.id < b.id ? 1 : -1) : a.timestamp < b.timestamp ? 1 : -1,
      );
      expect(seen.map((e) => e.id)).toEqual(newestFirst.map((e) => e.id));
      expect(seen[0]).toEqual(newestFirst[0]);

      const own = await ledger.page({ limit: 500, keyId: 'vk_1' });
      expect(own.events).toHaveLength(250);
      expect(own.events.every((e) => e.keyId === 'vk_1')).toBe(true);
      expect(own.nextCursor).toBeUndefined();
      expect((await ledger.page({ limit: 10_000 })).events).toHaveLength(500);
      await ledger.close();
    });

    it('answers usage grouped by each dimension, filtered by time and key', async () => {
      const { ledger } = open();
      const events = Array.from({ length: 1000 }, (_, i) => eventAt(i));
      for (const event of events) ledger.record(event);
      await ledger.flush();

      for (const groupBy of ['key', 'model', 'provider', 'user', 'tag', 'day'] as const) {
        const rows = await ledger.usage({ groupBy });
        expect(comparable(rows), groupBy).toEqual(comparable(expectedUsage(events, groupBy)));
      }
      const [total] = await ledger.usage({});
      expect(total).toMatchObject({ group: 'total', requests: 1000 });

      const from = '2026-11-21T00:00:00Z';
      const to = '2026-11-22';
      const inRange = events.filter(
        (e) => e.timestamp >= '2026-11-21' && e.timestamp < '2026-11-22' && e.keyId === 'vk_2',
      );
      const filtered = await ledger.usage({ groupBy: 'day', from, to, keyId: 'vk_2' });
      expect(comparable(filtered)).toEqual(comparable(expectedUsage(inRange, 'day')));
      await expect(ledger.usage({ from: 'yesterday' })).rejects.toThrow(RangeError);
      await ledger.close();
    });

    it('queues events until the interval, or until a batch is full', async () => {
      const { ledger, counter } = open({ flushIntervalMs: 50 });
      ledger.record(eventAt(1));
      expect(counter.count).toBe(0);
      expect((await ledger.page({ limit: 10 })).events).toHaveLength(0);
      await expect.poll(() => counter.count, { timeout: 2000 }).toBe(1);
      expect((await ledger.page({ limit: 10 })).events).toHaveLength(1);

      // A second ledger on the same table (which holds the event above).
      const full = open({ flushIntervalMs: 60_000, batchSize: 100 });
      // 100 queued start a write at once, long before the interval.
      for (let i = 100; i < 200; i++) full.ledger.record(eventAt(i));
      await expect.poll(() => full.counter.count, { timeout: 2000 }).toBe(1);
      expect((await full.ledger.page({ limit: 500 })).events).toHaveLength(1 + 100);
      // 50 more wait for the interval (a minute here), or for close.
      for (let i = 200; i < 250; i++) full.ledger.record(eventAt(i));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(full.counter.count).toBe(1);
      await full.ledger.close();
      expect(full.counter.count).toBe(2);
      expect((await full.ledger.page({ limit: 500 })).events).toHaveLength(1 + 150);
      await ledger.close();
    });

    it('stores an event once even when it is written twice', async () => {
      const { ledger } = open();
      ledger.record(eventAt(1));
      await ledger.flush();
      ledger.record(eventAt(1));
      ledger.record(eventAt(2));
      await ledger.flush();
      expect((await ledger.page({ limit: 10 })).events.map((e) => e.id)).toEqual([
        'evt_00002',
        'evt_00001',
      ]);
      const [tagA] = await ledger.usage({ groupBy: 'tag' });
      expect(tagA).toMatchObject({ group: 'a', requests: 2 });
    });

    it('keeps events queued while writes fail and writes them later', async () => {
      const failing = { fail: true };
      const errors: unknown[] = [];
      const ledger = createSqlEventLedger(
        state.database.db.withPlugin({
          transformQuery({ node }) {
            if (failing.fail && node.kind === 'InsertQueryNode') throw new Error('database down');
            return node;
          },
          transformResult: async ({ result }) => result,
        }),
        { flushIntervalMs: 10, onError: (error) => errors.push(error) },
      );
      ledger.record(eventAt(1));
      await expect(ledger.flush()).rejects.toThrow('database down');
      await expect.poll(() => errors.length).toBeGreaterThan(0);
      failing.fail = false;
      await ledger.flush();
      expect((await ledger.page({ limit: 10 })).events.map((e) => e.id)).toEqual(['evt_00001']);
    });

    it('answers an empty page for a cursor it did not make', async () => {
      const { ledger } = open();
      ledger.record(eventAt(1));
      await ledger.flush();
      expect(await ledger.page({ limit: 10, cursor: 'nope' })).toEqual({
        events: [],
        nextCursor: undefined,
      });
    });
  });
}
