import { randomBytes } from 'node:crypto';
import type { FakeUpstream } from '@stereos/fake-upstream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type StereosApp } from '../app';
import { openServerStores } from '../stores/open-server-stores';
import type { ServerStores } from '../stores/server-stores';
import { postgresTarget, type TestDatabase } from '../stores/sql/sql-test-targets';
import { admin, createKey, MASTER_KEY } from '../testing/governance';
import { chatBody, postChat, startUpstream, testConfig } from '../testing/test-env';

/**
 * Two server instances behind one load balancer: each with its own app and connections, sharing
 * one PostgreSQL database and one Redis, as `DATABASE_URL` + `REDIS_URL` set them up.
 */
const REDIS_URL = process.env['REDIS_URL'];
const skip = postgresTarget.skip || !REDIS_URL;

let up: FakeUpstream;
let database: TestDatabase;
let stores: ServerStores[] = [];

beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

async function twoInstances(env: Record<string, string> = {}): Promise<[StereosApp, StereosApp]> {
  database = await postgresTarget.create();
  // A Redis database of its own, emptied: budget windows and counters of earlier runs are gone.
  const redisUrl = `${REDIS_URL?.replace(/\/\d*$/, '')}/${1 + (randomBytes(1)[0]! % 14)}`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();
  const location = { databaseUrl: database.options.url, redisUrl };
  stores = [await openServerStores(location), await openServerStores(location)];
  const config = testConfig(up, {
    STEREOS_MASTER_KEY: MASTER_KEY,
    OPENAI_API_KEY: 'sk-openai-env-1',
    STEREOS_KEY_CACHE_TTL_SECS: '1',
    ...env,
  });
  return [createApp(config, { stores: stores[0] }), createApp(config, { stores: stores[1] })];
}

async function closeAll() {
  for (const s of stores) await s.close();
  stores = [];
  await database?.drop();
}

describe.skipIf(skip)('two instances sharing PostgreSQL and Redis', () => {
  it('never overspend a shared budget under 200 concurrent requests', async () => {
    const [a, b] = await twoInstances({
      STEREOS_BUDGET_USD: '0.0121',
      STEREOS_BUDGET_PERIOD: 'day',
    });
    try {
      const { key } = await createKey(a);
      const auth = { authorization: `Bearer ${key}` };
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          postChat(i % 2 ? a : b, chatBody({ max_tokens: 1000 }), auth).then((r) => r.status),
        ),
      );
      const ok = answers.filter((s) => s === 200).length;
      expect(ok + answers.filter((s) => s === 402).length).toBe(200);
      expect(ok).toBeGreaterThanOrEqual(20);
      const events = [...a.events.events(), ...b.events.events()];
      expect(events).toHaveLength(200);
      const spent = events.reduce((sum, e) => sum + (e.costUsd ?? 0), 0);
      expect(spent).toBeLessThanOrEqual(0.0121);
      expect(up.requests).toHaveLength(ok);
    } finally {
      await closeAll();
    }
  });

  it('accept exactly a key’s RPM across both instances', async () => {
    const [a, b] = await twoInstances();
    try {
      const { key } = await createKey(a, { rpm: 30 });
      const auth = { authorization: `Bearer ${key}` };
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) => postChat(i % 2 ? a : b, chatBody(), auth)),
      );
      expect(answers.filter((r) => r.status === 200)).toHaveLength(30);
      const limited = answers.filter((r) => r.status === 429);
      expect(limited).toHaveLength(30);
      expect(limited[0]?.headers.get('retry-after')).toBeTruthy();
    } finally {
      await closeAll();
    }
  });

  it('refuse a key revoked on the other instance within the key cache TTL', async () => {
    const [a, b] = await twoInstances();
    try {
      const { id, key } = await createKey(a);
      const auth = { authorization: `Bearer ${key}` };
      expect((await postChat(b, chatBody(), auth)).status).toBe(200);
      expect((await admin(a, 'DELETE', `/admin/keys/${id}`)).status).toBeLessThan(300);
      await new Promise((r) => setTimeout(r, 1_200));
      const refused = await postChat(b, chatBody(), auth);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toMatch(/revoked/);
    } finally {
      await closeAll();
    }
  });

  it('keep the secret out of the database and the ledger', async () => {
    const [a] = await twoInstances();
    try {
      const { key } = await createKey(a);
      await postChat(a, chatBody(), { authorization: `Bearer ${key}` });
      await stores[0]!.ledger.flush();
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: database.options.url });
      await client.connect();
      try {
        const tables = await client.query(
          "select table_name from information_schema.tables where table_schema = 'public'",
        );
        for (const { table_name } of tables.rows as { table_name: string }[]) {
          const rows = await client.query(`select * from "${table_name}"`);
          expect(JSON.stringify(rows.rows)).not.toContain(key);
          expect(JSON.stringify(rows.rows)).not.toContain(key.slice(10));
        }
      } finally {
        await client.end();
      }
    } finally {
      await closeAll();
    }
  });
});
