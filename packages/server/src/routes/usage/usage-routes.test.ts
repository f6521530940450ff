import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type StereosApp } from '../../app';
import { createKey, MASTER_KEY } from '../../testing/governance';
import { chatBody, postChat, startUpstream, testConfig } from '../../testing/test-env';

let up: FakeUpstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

const env = {
  STEREOS_MASTER_KEY: MASTER_KEY,
  GATEWAY_API_KEYS: 'gw-key-1',
  OPENAI_API_KEY: 'sk-openai-env-key-1',
};
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

async function get(app: StereosApp, path: string, key: string) {
  const response = await app.request(path, { headers: auth(key) });
  return { status: response.status, json: (await response.json()) as any };
}

/** Two virtual keys' traffic: a makes two calls (one tagged), b one call and one refusal. */
async function traffic() {
  const app = createApp(testConfig(up, env));
  const a = await createKey(app, { name: 'a' });
  const b = await createKey(app, { name: 'b', models: ['gpt-4o-mini'] });
  up.enqueue(
    { kind: 'reply', text: 'x', usage: { input: 10, output: 5 } },
    { kind: 'reply', text: 'y', usage: { input: 20, output: 10 } },
    { kind: 'reply', text: 'z', usage: { input: 1, output: 1 } },
  );
  await postChat(app, chatBody(), auth(a.key));
  await postChat(app, chatBody(), { ...auth(a.key), 'x-stereos-tags': 'nightly' });
  await postChat(app, chatBody(), auth(b.key));
  await postChat(app, chatBody({ model: 'gpt-4o' }), auth(b.key)); // 403, recorded
  return { app, a, b };
}

describe('GET /v1/usage', () => {
  it('the master key sees every key, grouped as asked', async () => {
    const { app, a, b } = await traffic();
    const byKey = await get(app, '/v1/usage?group_by=key', MASTER_KEY);
    expect(byKey.status).toBe(200);
    expect(byKey.json.object).toBe('list');
    const rows = Object.fromEntries(byKey.json.data.map((r: any) => [r.group, r]));
    expect(rows[a.id]).toMatchObject({
      requests: 2,
      errors: 0,
      input_tokens: 30,
      output_tokens: 15,
    });
    expect(rows[b.id]).toMatchObject({ requests: 2, errors: 1, input_tokens: 1 });
    expect(rows[a.id].cost_usd).toBeGreaterThan(0);

    const byTag = await get(app, '/v1/usage?group_by=tag', MASTER_KEY);
    expect(byTag.json.data.map((r: any) => [r.group, r.requests])).toEqual([
      ['(none)', 3],
      ['nightly', 1],
    ]);
    const byDay = await get(app, '/v1/usage?group_by=day', MASTER_KEY);
    expect(byDay.json.data).toEqual([
      expect.objectContaining({ group: new Date().toISOString().slice(0, 10), requests: 4 }),
    ]);
    const total = await get(app, '/v1/usage', MASTER_KEY);
    expect(total.json.data).toEqual([expect.objectContaining({ group: 'total', requests: 4 })]);
    const one = await get(app, `/v1/usage?key_id=${a.id}`, MASTER_KEY);
    expect(one.json.data[0].requests).toBe(2);
  });

  it('filters by from/to', async () => {
    const { app } = await traffic();
    const future = await get(app, '/v1/usage?from=2999-01-01', MASTER_KEY);
    expect(future.json.data).toEqual([]);
    const past = await get(app, '/v1/usage?from=2000-01-01&to=2999-01-01T00:00:00Z', MASTER_KEY);
    expect(past.json.data[0].requests).toBe(4);
  });

  it("a virtual key sees only its own; other keys' usage is 403", async () => {
    const { app, a, b } = await traffic();
    const own = await get(app, '/v1/usage?group_by=key', a.key);
    expect(own.json.data).toEqual([expect.objectContaining({ group: a.id, requests: 2 })]);
    const other = await get(app, `/v1/usage?key_id=${b.id}`, a.key);
    expect(other.status).toBe(403);
    // A GATEWAY_API_KEYS key has its own (empty) usage.
    expect((await get(app, '/v1/usage', 'gw-key-1')).json.data).toEqual([]);
  });

  it('refuses passthrough callers: their key was never verified by the gateway', async () => {
    const app = createApp(testConfig(up, { OPENAI_API_KEY: 'sk-openai-env-key-1' }));
    await postChat(app, chatBody(), auth('sk-caller-key'));
    const refused = await get(app, '/v1/usage', 'sk-caller-key');
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('usage_forbidden');
  });

  it('answers 400 naming the parameter, 401 without a key', async () => {
    const app = createApp(testConfig(up, env));
    const bad = await get(app, '/v1/usage?group_by=month', MASTER_KEY);
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('group_by');
    expect((await get(app, '/v1/usage?from=yesterday', MASTER_KEY)).json.error.param).toBe('from');
    expect((await app.request('/v1/usage')).status).toBe(401);
  });
});

describe('GET /v1/usage/events', () => {
  it('pages newest first with next_cursor, scoped to the caller', async () => {
    const { app, a } = await traffic();
    const first = await get(app, '/v1/usage/events?limit=3', MASTER_KEY);
    expect(first.json.data).toHaveLength(3);
    expect(first.json.data[0]).toMatchObject({ status: 'unauthorized', requestedModel: 'gpt-4o' });
    expect(first.json.next_cursor).toEqual(expect.any(String));
    const second = await get(
      app,
      `/v1/usage/events?limit=3&cursor=${first.json.next_cursor}`,
      MASTER_KEY,
    );
    expect(second.json.data).toHaveLength(1);
    expect(second.json.next_cursor).toBeNull();
    const ids = [...first.json.data, ...second.json.data].map((e: any) => e.id);
    expect(new Set(ids).size).toBe(4);

    const own = await get(app, '/v1/usage/events', a.key);
    expect(own.json.data.map((e: any) => e.keyId)).toEqual([a.id, a.id]);
    expect(JSON.stringify(own.json)).not.toContain(a.key);
    expect((await get(app, '/v1/usage/events?limit=501', MASTER_KEY)).json.error.param).toBe(
      'limit',
    );
  });
});
