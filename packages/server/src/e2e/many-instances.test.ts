import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createApp, type StereosApp } from '../app';
import {
  createDashboardTestClient,
  type RequestTarget,
} from '../routes/dashboard/dashboard-test-client';
import { openServerStores } from '../stores/open-server-stores';
import type { ServerStores } from '../stores/server-stores';
import { postgresTarget, type TestDatabase } from '../stores/sql/sql-test-targets';
import { admin, createKey, MASTER_KEY } from '../testing/governance';
import { chatBody, postChat, testConfig } from '../testing/test-env';
import { useFakeUpstream } from '../testing/use-fake-upstream';

/**
 * Two server instances behind one load balancer: each with its own app and connections, sharing
 * one PostgreSQL database and one Redis, as `DATABASE_URL` + `REDIS_URL` set them up.
 */
const REDIS_URL = process.env['REDIS_URL'];
const skip = postgresTarget.skip || !REDIS_URL;

const up = useFakeUpstream();
let database: TestDatabase;
let stores: ServerStores[] = [];

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

  it('share dashboard sessions: any instance serves a browser signed in on another', async () => {
    const [a, b] = await twoInstances();
    try {
      // A round-robin load balancer: every request goes to the other instance.
      let turn = 0;
      const balancer: RequestTarget = {
        request: (path, init) => (turn++ % 2 === 0 ? a : b).request(path, init),
      };
      const browser = createDashboardTestClient(balancer);
      const signedIn = await browser.signIn(MASTER_KEY);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/dashboard/overview');
      for (let i = 0; i < 4; i++) {
        expect((await browser.get('/dashboard/overview')).status).toBe(200);
      }
      // A key created through one instance is listed by both.
      const created = await browser.post('/dashboard/keys', {
        _csrf: await browser.csrf(),
        name: 'via-balancer',
      });
      expect(created.status).toBe(200);
      for (let i = 0; i < 2; i++) {
        expect(await (await browser.get('/dashboard/keys')).text()).toContain('via-balancer');
      }

      // Sign-out through one instance ends the session on both.
      const cookie = `stereos_session=${browser.cookies.get('stereos_session')}`;
      const out = await browser.post('/dashboard/logout', { _csrf: await browser.csrf() });
      expect(out.headers.get('location')).toBe('/dashboard/login?reason=signed-out');
      for (const app of [a, b]) {
        const page = await app.request('/dashboard/overview', { headers: { cookie } });
        expect(page.status).toBe(303);
        expect(page.headers.get('location')).toBe('/dashboard/login?reason=expired');
      }
    } finally {
      await closeAll();
    }
  });

  it('end a virtual key’s dashboard session on every instance once it is revoked on one', async () => {
    const [a, b] = await twoInstances();
    try {
      const { id, key } = await createKey(a);
      const browser = createDashboardTestClient(b);
      expect((await browser.signIn(key)).status).toBe(303);
      expect((await browser.get('/dashboard/overview')).status).toBe(200);
      expect((await admin(a, 'DELETE', `/admin/keys/${id}`)).status).toBeLessThan(300);
      // No cache to wait for: the session's key is read on each dashboard request.
      const page = await browser.get('/dashboard/overview');
      expect(page.headers.get('location')).toBe('/dashboard/login?reason=revoked');
    } finally {
      await closeAll();
    }
  });

  it('show a call made through one instance on the other’s Live stream', async () => {
    const [a, b] = await twoInstances();
    try {
      const browser = createDashboardTestClient(b);
      await browser.signIn(MASTER_KEY);
      const stream = await browser.get('/dashboard/events/stream');
      expect(stream.status).toBe(200);
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      const { key, id } = await createKey(a);
      // Past the relay's first read, which only learns what is already there.
      await new Promise((r) => setTimeout(r, 1_200));
      expect((await postChat(a, chatBody(), { authorization: `Bearer ${key}` })).status).toBe(200);
      const decoder = new TextDecoder();
      let text = '';
      const deadline = Date.now() + 8_000;
      while (!text.includes('event: gateway-event') && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      expect(text).toContain(`"keyId":"${id}"`);
      await reader.cancel();
    } finally {
      await closeAll();
    }
  });
});
