import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { createEmbeddedStores } from '../../stores/server-stores';
import { admin, createKey, MASTER_KEY } from '../../testing/governance';
import {
  chatBody,
  postChat,
  type RunningServer,
  startServer,
  testConfig,
} from '../../testing/test-env';
import { useFakeUpstream } from '../../testing/use-fake-upstream';

const up = useFakeUpstream();

const env = { STEREOS_MASTER_KEY: MASTER_KEY, OPENAI_API_KEY: 'sk-openai-env-key-1' };
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

describe('virtual key lifecycle over HTTP', () => {
  let server: RunningServer;
  const logLines: string[] = [];
  beforeAll(async () => {
    server = await startServer(testConfig(up, { ...env, LOG_EVENTS: 'true' }), {
      logLine: (line) => logLines.push(line),
    });
  });
  afterAll(() => server.close());

  it('create → use (openai SDK) → list → revoke → rotate, the secret shown only twice', async () => {
    const { app } = server;
    const created = await admin(app, 'POST', '/admin/keys', {
      name: 'ci',
      budget: { limit_usd: 10, period: 'month' },
      rpm: 60,
      tpm: 100000,
      models: ['gpt-4o*', 'claude-*'],
      expires_at: '2099-01-01',
      user: 'ci-bot',
      tags: ['ci'],
      metadata: { team: 'search' },
    });
    expect(created.status).toBe(201);
    const secret = created.json.key as string;
    expect(secret).toMatch(/^sk-st-[A-Za-z0-9_-]{32}$/);
    expect(created.json).toMatchObject({
      object: 'virtual_key',
      id: expect.stringMatching(/^vk_/),
      name: 'ci',
      preview: `${secret.slice(0, 10)}…`,
      expires_at: '2099-01-01T00:00:00.000Z',
      revoked_at: null,
      budget: { limit_usd: 10, period: 'month' },
      rpm: 60,
      tpm: 100000,
      models: ['gpt-4o*', 'claude-*'],
    });
    expect(created.json).not.toHaveProperty('keyHash');
    const id = created.json.id as string;

    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: hi');
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-openai-env-key-1');
    const event = await app.events.waitFor((e) => e.status === 'success');
    expect(event).toMatchObject({
      keyId: id,
      user: 'ci-bot',
      tags: ['ci'],
      metadata: { team: 'search' },
    });

    const list = await admin(app, 'GET', '/admin/keys');
    expect(list.json.data).toEqual([expect.objectContaining({ id, name: 'ci' })]);
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain('keyHash');
    expect(list.text).not.toContain('key_hash');
    expect((await admin(app, 'GET', `/admin/keys/${id}`)).json).toMatchObject({ id, rpm: 60 });

    const rotated = await admin(app, 'POST', `/admin/keys/${id}/rotate`);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.json.key as string;
    expect(newSecret).not.toBe(secret);
    expect(rotated.json.id).toBe(id);
    const old = await fetchChat(server, secret);
    expect(old.status).toBe(401);
    expect((await fetchChat(server, newSecret)).status).toBe(200);

    const revoked = await admin(app, 'DELETE', `/admin/keys/${id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.revoked_at).toMatch(/^\d{4}-/);
    const refused = await fetchChat(server, newSecret);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      error: { code: 'invalid_api_key', message: 'This API key was revoked.' },
    });
    expect((await admin(app, 'POST', `/admin/keys/${id}/rotate`)).json).toMatchObject({
      error: { code: 'key_revoked' },
    });

    // The secrets never appear in an event, a log line or a listing.
    const everything = [
      JSON.stringify(app.events.events()),
      JSON.stringify((await app.stores.ledger.page({ limit: 500 })).events),
      logLines.join('\n'),
      (await admin(app, 'GET', '/admin/keys')).text,
      (await admin(app, 'GET', `/admin/keys/${id}`)).text,
    ].join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const s of [secret, newSecret]) expect(everything).not.toContain(s);
  });

  it('refuses an expired key with 401 saying it expired', async () => {
    const { app } = server;
    const { id, key } = await createKey(app);
    expect((await fetchChat(server, key)).status).toBe(200);
    const patched = await admin(app, 'PATCH', `/admin/keys/${id}`, {
      expires_at: '2020-01-01T00:00:00Z',
    });
    expect(patched.json.expires_at).toBe('2020-01-01T00:00:00.000Z');
    const refused = await fetchChat(server, key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      error: { code: 'invalid_api_key', message: expect.stringMatching(/expired at 2020-01-01/) },
    });
    // null clears the expiry.
    await admin(app, 'PATCH', `/admin/keys/${id}`, { expires_at: null });
    expect((await fetchChat(server, key)).status).toBe(200);
  });
});

describe('key cache TTL across instances', () => {
  it('a revocation made on another instance takes effect within STEREOS_KEY_CACHE_TTL_SECS', async () => {
    const stores = createEmbeddedStores();
    const config = testConfig(up, { ...env, STEREOS_KEY_CACHE_TTL_SECS: '0.3' });
    const one = createApp(config, { stores });
    const two = createApp(config, { stores });
    const { id, key } = await createKey(one);
    expect((await postChat(two, chatBody(), auth(key))).status).toBe(200); // cached on `two`
    await admin(one, 'DELETE', `/admin/keys/${id}`);
    expect((await postChat(one, chatBody(), auth(key))).status).toBe(401); // at once here
    expect((await postChat(two, chatBody(), auth(key))).status).toBe(200); // still cached there
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await postChat(two, chatBody(), auth(key))).status).toBe(401);
  });
});

function fetchChat(server: RunningServer, key: string): Promise<Response> {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth(key) },
    body: JSON.stringify(chatBody()),
  });
}

describe('admin API guard', () => {
  it('answers 403 naming STEREOS_MASTER_KEY when it is unset', async () => {
    const app = createApp(testConfig(up, { GATEWAY_API_KEYS: 'gw-key-1' }));
    const response = await admin(app, 'GET', '/admin/keys', undefined, 'gw-key-1');
    expect(response.status).toBe(403);
    expect(response.json.error).toMatchObject({ type: 'permission_error', code: 'admin_disabled' });
    expect(response.json.error.message).toContain('STEREOS_MASTER_KEY');
  });

  it('refuses a virtual key and a GATEWAY_API_KEYS key with 403, a wrong or missing key with 401', async () => {
    const app = createApp(testConfig(up, { ...env, GATEWAY_API_KEYS: 'gw-key-1' }));
    const { key } = await createKey(app);
    for (const other of [key, 'gw-key-1']) {
      const refused = await admin(app, 'POST', '/admin/keys', { name: 'x' }, other);
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe('admin_forbidden');
    }
    const wrong = await admin(app, 'GET', '/admin/keys', undefined, `${MASTER_KEY}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('invalid_api_key');
    expect(wrong.text).not.toContain(MASTER_KEY);
    const missing = await app.request('/admin/keys');
    expect(missing.status).toBe(401);
    // The master key is also accepted by /v1 (it is the operator's key).
    expect((await postChat(app, chatBody(), auth(MASTER_KEY))).status).toBe(200);
  });

  it('answers 400 naming the field for a bad body, 404 for an unknown id', async () => {
    const app = createApp(testConfig(up, env));
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: 'x', rpm: 0 }, 'rpm'],
      [{ name: 'x', rpm: 1.5 }, 'rpm'],
      [{ name: 'x', budget: { limit_usd: -1 } }, 'budget.limit_usd'],
      [{ name: 'x', budget: { limit_usd: 1, period: 'year' } }, 'budget.period'],
      [{ name: 'x', models: ['gpt 4o'] }, 'models.0'],
      [{ name: 'x', expires_at: 'tomorrow' }, 'expires_at'],
      [{ name: 'x', tags: Array.from({ length: 40 }, (_, i) => `t${i}`) }, 'tags'],
      [{ name: 'x', metadata: { team: 1 } }, 'metadata.team'],
    ];
    for (const [body, field] of cases) {
      const response = await admin(app, 'POST', '/admin/keys', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error).toMatchObject({ type: 'invalid_request_error', param: field });
      expect(response.json.error.message).toContain(field);
    }
    const unknownField = await admin(app, 'POST', '/admin/keys', { name: 'x', secret: 'y' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.error.message).toContain('secret');
    const badJson = await app.request('/admin/keys', {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
    expect((await admin(app, 'GET', '/admin/keys/vk_0000')).status).toBe(404);
    expect((await admin(app, 'PATCH', '/admin/keys/vk_0000', { name: 'y' })).status).toBe(404);
    expect((await admin(app, 'DELETE', '/admin/keys/vk_0000')).status).toBe(404);
    expect((await admin(app, 'POST', '/admin/keys/vk_0000/rotate')).status).toBe(404);
    expect((await admin(app, 'GET', '/admin/keys/not-an-id')).json.error.param).toBe('id');
  });

  it('documents the admin routes in /doc', async () => {
    const doc = (await (await createApp(testConfig(up, env)).request('/doc')).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/admin/keys', '/admin/keys/{id}', '/admin/keys/{id}/rotate']),
    );
    expect(doc.paths['/admin/keys'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateVirtualKey',
    });
    expect(JSON.stringify(doc.components.schemas.VirtualKey)).not.toContain('hash');
  });
});
