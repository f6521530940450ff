import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayEvent } from '@stereos/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashVirtualKey } from '../../auth/virtual-key-secret';
import { SQLITE_FILE_NAME } from './open-sql-database';
import { openSqlStores } from './open-sql-stores';
import { postgresTarget, sqliteTarget, type TestDatabase, targets } from './sql-test-targets';

const event = (id: string): GatewayEvent => ({
  id,
  timestamp: new Date().toISOString(),
  gateway: 'server',
  operation: 'chat',
  stream: false,
  provider: 'openai',
  requestedModel: 'gpt-4o',
  model: 'gpt-4o',
  status: 'success',
  attempts: 1,
  fallbackIndex: 0,
  latencyMs: 12,
  inputTokens: 3,
  outputTokens: 4,
  cachedInputTokens: 0,
  reasoningTokens: 0,
  usageEstimated: false,
  costUsd: 0.002,
  cacheHit: false,
  tags: ['t'],
  metadata: {},
});

const dropping: TestDatabase[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(dropping.splice(0).map((testDb) => testDb.drop()));
});

for (const target of targets) {
  describe.skipIf(target.skip)(`openSqlStores on ${target.name}`, () => {
    it('keeps keys, events and budgets across a restart', async () => {
      const testDb = await target.create();
      dropping.push(testDb);
      const first = await openSqlStores(testDb.options);
      const { record, key } = await first.keys.create({ name: 'durable' });
      const recorded = event('evt_1');
      first.ledger.record(recorded);
      const held = await first.budgets.reserve({
        scope: 'global',
        window: 'total',
        amountUsd: 0.5,
        limitUsd: 1,
      });
      await first.rates.hit('rpm:durable', 2, 10, 1_000_000_000);
      // Closing writes the queued event.
      await first.close();
      await first.close();

      const second = await openSqlStores(testDb.options);
      try {
        expect(await second.keys.findByHash(await hashVirtualKey(key))).toEqual(record);
        expect((await second.ledger.page({ limit: 10 })).events).toEqual([recorded]);
        if (target.name === 'postgres') {
          // Shared by instances: a hold outlives the instance that took it until it is settled.
          expect(await second.budgets.usage('global', 'total')).toEqual({
            spentUsd: 0,
            reservedUsd: 0.5,
          });
          if (held.ok) await second.budgets.settle(held.reservationId, 0.25);
          expect(await second.budgets.usage('global', 'total')).toEqual({
            spentUsd: 0.25,
            reservedUsd: 0,
          });
          expect(await second.rates.hit('rpm:durable', 1, 10, 1_000_000_000)).toMatchObject({
            remaining: 7,
          });
        } else {
          // One process per file: its holds ended with it, rate windows start afresh.
          expect(await second.budgets.usage('global', 'total')).toEqual({
            spentUsd: 0,
            reservedUsd: 0,
          });
          expect(await second.rates.hit('rpm:durable', 1, 10, 1_000_000_000)).toMatchObject({
            remaining: 9,
          });
        }
      } finally {
        await second.close();
      }
    });
  });
}

describe('openSqlStores, embedded', () => {
  it('creates the data directory and stereos.db on first start', async () => {
    const testDb = await sqliteTarget.create();
    dropping.push(testDb);
    const dataDir = join(testDb.options.dataDir as string, 'nested', 'data');
    const stores = await openSqlStores({ dataDir });
    expect(stores.dialect).toBe('sqlite');
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true);
    await stores.close();
  });

  it('defaults to STEREOS_DATA_DIR', async () => {
    const testDb = await sqliteTarget.create();
    dropping.push(testDb);
    vi.stubEnv('STEREOS_DATA_DIR', testDb.options.dataDir as string);
    const stores = await openSqlStores();
    expect(existsSync(join(testDb.options.dataDir as string, SQLITE_FILE_NAME))).toBe(true);
    await stores.close();
  });

  it('refuses a URL that is not Postgres', async () => {
    await expect(openSqlStores({ url: 'mysql://localhost/db' })).rejects.toThrow(/postgres/);
  });
});

describe.skipIf(postgresTarget.skip)('openSqlStores, Postgres', () => {
  it('migrates once when several instances start together', async () => {
    const testDb = await postgresTarget.create();
    dropping.push(testDb);
    const instances = await Promise.all(
      Array.from({ length: 4 }, () => openSqlStores(testDb.options)),
    );
    expect(instances.map((s) => s.dialect)).toEqual([
      'postgres',
      'postgres',
      'postgres',
      'postgres',
    ]);
    await instances[0]?.keys.create({ name: 'shared' });
    expect(await instances[3]?.keys.list()).toHaveLength(1);
    await Promise.all(instances.map((s) => s.close()));
  });
});
