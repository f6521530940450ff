import type { GatewayEvent } from '@stereos/core';
import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type StereosApp } from '../../app';
import { DASHBOARD_CSP } from '../../dashboard/security-headers';
import { openServerStores } from '../../stores/open-server-stores';
import { sqliteTarget } from '../../stores/sql/sql-test-targets';
import { createKey, MASTER_KEY } from '../../testing/governance';
import { chatBody, postChat, startUpstream, testConfig } from '../../testing/test-env';
import {
  createDashboardTestClient,
  csrfOf,
  type DashboardTestClient,
} from './dashboard-test-client';

let up: FakeUpstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

const XSS = '<script>alert(1)</script>';

function newApp(env: Record<string, string> = {}): StereosApp {
  return createApp(
    testConfig(up, { STEREOS_MASTER_KEY: MASTER_KEY, OPENAI_API_KEY: 'sk-openai-env', ...env }),
  );
}

async function signedIn(app: StereosApp, key = MASTER_KEY): Promise<DashboardTestClient> {
  const client = createDashboardTestClient(app);
  const response = await client.signIn(key);
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/dashboard/overview');
  return client;
}

function setCookie(response: Response, name: string): string {
  const line = response.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie`);
  return line;
}

/** A ledger event, as the gateway records one. */
function event(extra: Partial<GatewayEvent> = {}): GatewayEvent {
  return {
    id: `ev-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    gateway: 'server',
    operation: 'chat',
    stream: false,
    provider: 'openai',
    requestedModel: 'gpt-4o-mini',
    model: 'gpt-4o-mini',
    status: 'success',
    attempts: 1,
    fallbackIndex: 0,
    latencyMs: 12,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    usageEstimated: false,
    costUsd: 0.000001,
    cacheHit: false,
    tags: [],
    metadata: {},
    ...extra,
  };
}

describe('dashboard: sign-in, sessions and headers', () => {
  it('redirects every page to the sign-in form without a session; the stream answers 401', async () => {
    const app = newApp();
    for (const path of [
      '/dashboard',
      '/dashboard/overview',
      '/dashboard/keys',
      '/dashboard/events',
      '/dashboard/live',
      '/dashboard/nope',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location'), path).toBe('/dashboard/login');
    }
    expect((await app.request('/dashboard/events/stream')).status).toBe(401);
    const post = await app.request('/dashboard/keys', {
      method: 'POST',
      headers: { origin: 'http://localhost' },
    });
    expect(post.status).toBe(303);
    expect(await app.stores.keys.list()).toEqual([]);
  });

  it('sends the CSP, X-Frame-Options, Referrer-Policy and no-store on pages', async () => {
    const app = newApp();
    const response = await app.request('/dashboard/login');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    // No inline script: every <script> has a src.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
  });

  it('signs in with the master key: an HttpOnly, SameSite=Strict session cookie, Secure only over https', async () => {
    const app = newApp();
    const client = createDashboardTestClient(app);
    const response = await client.signIn(MASTER_KEY);
    expect(response.status).toBe(303);
    const cookie = setCookie(response, 'stereos_session');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/dashboard/);
    expect(cookie).toMatch(/Max-Age=\d+/);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).not.toContain(MASTER_KEY);
    const page = await client.get('/dashboard/overview');
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(MASTER_KEY);

    const https = createDashboardTestClient(app);
    const form = await https.get('/dashboard/login', { 'x-forwarded-proto': 'https' });
    expect(setCookie(form, 'stereos_login')).toMatch(/; Secure/);
    const signed = await https.post(
      '/dashboard/login',
      { _csrf: csrfOf(await form.text()), key: MASTER_KEY },
      { 'x-forwarded-proto': 'https' },
    );
    expect(setCookie(signed, 'stereos_session')).toMatch(/; Secure/);
  });

  it('refuses a wrong key (401), a sign-in form from another origin or without its token (403)', async () => {
    const app = newApp();
    const client = createDashboardTestClient(app);
    expect((await client.signIn('wrong-key-0123456789')).status).toBe(401);
    expect((await client.signIn('sk-st-notarealkey')).status).toBe(401);
    const token = csrfOf(await (await client.get('/dashboard/login')).text());
    const foreign = await client.post(
      '/dashboard/login',
      { _csrf: token, key: MASTER_KEY },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const fresh = csrfOf(await (await client.get('/dashboard/login')).text());
    const tokenless = await client.post('/dashboard/login', { key: MASTER_KEY });
    expect(tokenless.status).toBe(403);
    const wrongToken = await client.post('/dashboard/login', {
      _csrf: `${fresh}x`,
      key: MASTER_KEY,
    });
    expect(wrongToken.status).toBe(403);
    expect(client.cookies.has('stereos_session')).toBe(false);
  });

  it('signs out: the session id stops working and the cookie is cleared', async () => {
    const app = newApp();
    const client = await signedIn(app);
    const session = client.cookies.get('stereos_session');
    const refused = await client.post('/dashboard/logout', {});
    expect(refused.status).toBe(403);
    const out = await client.post('/dashboard/logout', { _csrf: await client.csrf() });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/dashboard/login?reason=signed-out');
    expect(setCookie(out, 'stereos_session')).toMatch(/Max-Age=0/);
    const replay = await app.request('/dashboard/overview', {
      headers: { cookie: `stereos_session=${session}` },
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/dashboard/login?reason=expired');
  });

  it('shares sessions between instances on one embedded SQLite file; a new master key ends them', async () => {
    const database = await sqliteTarget.create();
    const stores = [
      await openServerStores({ dataDir: database.options.dataDir }),
      await openServerStores({ dataDir: database.options.dataDir }),
      await openServerStores({ dataDir: database.options.dataDir }),
    ];
    try {
      const config = testConfig(up, { STEREOS_MASTER_KEY: MASTER_KEY });
      const a = createApp(config, { stores: stores[0] });
      const b = createApp(config, { stores: stores[1] });
      const client = await signedIn(a);
      const cookie = { cookie: `stereos_session=${client.cookies.get('stereos_session')}` };
      // b never saw the sign-in (a restarted server is such an instance too).
      expect((await b.request('/dashboard/overview', { headers: cookie })).status).toBe(200);

      const rotated = createApp(testConfig(up, { STEREOS_MASTER_KEY: `${MASTER_KEY}-rotated` }), {
        stores: stores[2],
      });
      const refused = await rotated.request('/dashboard/overview', { headers: cookie });
      expect(refused.headers.get('location')).toBe('/dashboard/login?reason=revoked');
      // Refused once, gone for every instance.
      const gone = await a.request('/dashboard/overview', { headers: cookie });
      expect(gone.headers.get('location')).toBe('/dashboard/login?reason=expired');
    } finally {
      for (const s of stores) await s.close();
      await database.drop();
    }
  });

  it('runs nothing on other routes: no dashboard header outside /dashboard', async () => {
    const app = newApp();
    for (const path of ['/healthz', '/v1/models', '/dashboardx']) {
      const response = await app.request(path, {
        headers: { authorization: `Bearer ${MASTER_KEY}` },
      });
      expect(response.headers.get('content-security-policy'), path).toBeNull();
    }
    // Its routes keep Hono on its RegExpRouter (a static and a param route under one middleware
    // would not), whose answer to an odd method is a plain 404.
    expect((await app.request('/healthz', { method: 'valueOf' })).status).toBe(404);
  });

  it('is off with STEREOS_DASHBOARD=false', async () => {
    const app = newApp({ STEREOS_DASHBOARD: 'false' });
    expect((await app.request('/dashboard')).status).toBe(404);
    expect((await app.request('/dashboard/login')).status).toBe(404);
    expect((await app.request('/dashboard/assets/dashboard.js')).status).toBe(404);
  });

  it('serves its assets with a content type and an ETag', async () => {
    const app = newApp();
    for (const name of ['dashboard.js', 'dashboard.css', 'uPlot.iife.min.js', 'uPlot.min.css']) {
      const response = await app.request(`/dashboard/assets/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toMatch(
        name.endsWith('.js') ? /javascript/ : /css/,
      );
      const etag = response.headers.get('etag') as string;
      const again = await app.request(`/dashboard/assets/${name}`, {
        headers: { 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
    }
    expect((await app.request('/dashboard/assets/..%2Fapp.ts')).status).toBe(404);
  });
});

describe('dashboard: keys through the admin API', () => {
  it('refuses a change without the CSRF token or from another origin; creates with both', async () => {
    const app = newApp();
    const client = await signedIn(app);
    const token = await client.csrf();
    const noToken = await client.post('/dashboard/keys', { name: 'ci' });
    expect(noToken.status).toBe(403);
    const badToken = await client.post('/dashboard/keys', { name: 'ci', _csrf: 'x'.repeat(43) });
    expect(badToken.status).toBe(403);
    const foreign = await client.post(
      '/dashboard/keys',
      { name: 'ci', _csrf: token },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const crossSite = await client.post(
      '/dashboard/keys',
      { name: 'ci', _csrf: token },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
    expect(await app.stores.keys.list()).toEqual([]);

    const created = await client.post('/dashboard/keys', {
      _csrf: token,
      name: 'ci',
      budget_usd: '5',
      budget_period: 'day',
      rpm: '60',
      tpm: '100000',
      models: 'gpt-4o*, claude-*',
      tags: 'ci, nightly',
    });
    expect(created.status).toBe(200);
    const page = await created.text();
    const secret = /id="secret" readonly value="(sk-st-[^"]+)"/.exec(page)?.[1] as string;
    expect(secret).toMatch(/^sk-st-/);
    const [record] = await app.stores.keys.list();
    expect(record).toMatchObject({
      name: 'ci',
      rpm: 60,
      tpm: 100000,
      budget: { limitUsd: 5, period: 'day' },
      models: ['gpt-4o*', 'claude-*'],
      tags: ['ci', 'nightly'],
    });
    // The key works, and the list shows it without the secret.
    expect((await postChat(app, chatBody(), { authorization: `Bearer ${secret}` })).status).toBe(
      200,
    );
    const list = await (await client.get('/dashboard/keys')).text();
    expect(list).toContain(record?.id);
    expect(list).not.toContain(secret);
    expect(list).toMatch(/<meter min="0" max="5" value="0\.0000/);
  });

  it('edits limits with the admin API rules, rotates and revokes', async () => {
    const app = newApp();
    const { id, key } = await createKey(app, { name: 'bot', rpm: 10 });
    const client = await signedIn(app);
    const token = await client.csrf();
    const bad = await client.post(`/dashboard/keys/${id}`, {
      _csrf: token,
      name: 'bot',
      rpm: 'lots',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/rpm/);
    const ok = await client.post(`/dashboard/keys/${id}`, {
      _csrf: token,
      name: 'bot',
      rpm: '',
      tpm: '500',
    });
    expect(ok.status).toBe(303);
    const edited = await app.stores.keys.get(id);
    expect(edited?.tpm).toBe(500);
    expect(edited?.rpm).toBeUndefined();

    const rotated = await client.post(`/dashboard/keys/${id}/rotate`, { _csrf: token });
    expect(rotated.status).toBe(200);
    const secret = /id="secret" readonly value="(sk-st-[^"]+)"/.exec(await rotated.text())?.[1];
    expect(secret).toMatch(/^sk-st-/);
    expect((await postChat(app, chatBody(), { authorization: `Bearer ${key}` })).status).toBe(401);
    expect((await postChat(app, chatBody(), { authorization: `Bearer ${secret}` })).status).toBe(
      200,
    );

    const revoked = await client.post(`/dashboard/keys/${id}/revoke`, { _csrf: token });
    expect(revoked.status).toBe(303);
    expect((await postChat(app, chatBody(), { authorization: `Bearer ${secret}` })).status).toBe(
      401,
    );
  });

  it('shows the budget used by calls, read from the key budget store', async () => {
    const app = newApp();
    const { key } = await createKey(app, {
      name: 'spender',
      budget: { limit_usd: 1, period: 'month' },
    });
    expect((await postChat(app, chatBody(), { authorization: `Bearer ${key}` })).status).toBe(200);
    const spent = app.events.events().reduce((sum, e) => sum + (e.costUsd ?? 0), 0);
    expect(spent).toBeGreaterThan(0);
    const client = await signedIn(app);
    const page = await (await client.get('/dashboard/keys')).text();
    const value = Number(/<meter min="0" max="1" value="([\d.e-]+)"/.exec(page)?.[1]);
    expect(value).toBeCloseTo(spent, 12);
  });
});

describe('dashboard: escaping', () => {
  it('shows a model, user, tag and key named <script> as text on every page', async () => {
    const app = newApp();
    await createKey(app, { name: XSS });
    app.stores.ledger.record(
      event({
        id: 'ev-xss',
        model: XSS,
        requestedModel: XSS,
        user: XSS,
        tags: [XSS],
        provider: XSS,
        metadata: { [XSS]: XSS },
      }),
    );
    const client = await signedIn(app);
    for (const path of [
      '/dashboard/overview',
      '/dashboard/overview?split=tag',
      '/dashboard/overview?split=user',
      '/dashboard/events',
      '/dashboard/event/ev-xss',
      '/dashboard/live',
      '/dashboard/keys',
      `/dashboard/events?model=${encodeURIComponent(XSS)}`,
    ]) {
      const html = await (await client.get(path)).text();
      expect(html, path).not.toContain(XSS);
      expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    // The chart data block escapes `<` too.
    const overview = await (await client.get('/dashboard/overview')).text();
    expect(overview).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
  });
});

describe('dashboard: a virtual key sees only its own data', () => {
  it('its usage, its events and its live events; no key management', async () => {
    const app = newApp();
    const a = await createKey(app, { name: 'key-a' });
    const b = await createKey(app, { name: 'key-b' });
    for (const key of [a.key, a.key, b.key]) {
      expect((await postChat(app, chatBody(), { authorization: `Bearer ${key}` })).status).toBe(
        200,
      );
    }
    const client = await signedIn(app, a.key);
    const overview = await (await client.get('/dashboard/overview?split=key')).text();
    expect(overview).toMatch(/id="total-requests">2</);
    expect(overview).toContain(a.id);
    expect(overview).not.toContain(b.id);
    expect(overview).not.toContain(a.key);
    expect(overview).not.toContain('href="/dashboard/keys"');

    const events = await (await client.get(`/dashboard/events?key=${b.id}`)).text();
    expect(events.match(/data-event-id=/g)).toHaveLength(2);
    expect(events).not.toContain(b.id);
    const other = app.events.events().find((e) => e.keyId === b.id) as GatewayEvent;
    expect((await client.get(`/dashboard/event/${other.id}`)).status).toBe(404);
    const own = app.events.events().find((e) => e.keyId === a.id) as GatewayEvent;
    expect((await client.get(`/dashboard/event/${own.id}`)).status).toBe(200);

    expect((await client.get('/dashboard/keys')).status).toBe(403);
    const token = await client.csrf();
    expect((await client.post('/dashboard/keys', { _csrf: token, name: 'x' })).status).toBe(403);
    expect((await client.post(`/dashboard/keys/${b.id}/revoke`, { _csrf: token })).status).toBe(
      403,
    );
    expect((await app.stores.keys.get(b.id))?.revokedAt).toBeUndefined();
  });

  it('is signed out once its key is revoked', async () => {
    const app = newApp();
    const a = await createKey(app, { name: 'key-a' });
    const client = await signedIn(app, a.key);
    expect((await client.get('/dashboard/overview')).status).toBe(200);
    await app.stores.keys.revoke(a.id);
    const after = await client.get('/dashboard/overview');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/dashboard/login?reason=revoked');
    expect((await client.signIn(a.key)).status).toBe(401);
  });
});

/** Reads an SSE body until `predicate` holds for the text so far. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  predicate: (text: string) => boolean,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 5000;
  while (!predicate(text)) {
    if (Date.now() > deadline) throw new Error(`timed out; got: ${text}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe('dashboard: live events (SSE)', () => {
  it('streams new events as they are recorded, only the own key for a virtual key, and ends with the session', async () => {
    const app = newApp();
    const a = await createKey(app, { name: 'key-a' });
    const b = await createKey(app, { name: 'key-b' });
    const master = await signedIn(app);
    const keyA = await signedIn(app, a.key);

    const masterStream = await master.get('/dashboard/events/stream');
    expect(masterStream.status).toBe(200);
    expect(masterStream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(masterStream.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    const aStream = await keyA.get('/dashboard/events/stream');
    const masterReader = (masterStream.body as ReadableStream<Uint8Array>).getReader();
    const aReader = (aStream.body as ReadableStream<Uint8Array>).getReader();

    await postChat(app, chatBody({ user: 'u-b' }), { authorization: `Bearer ${b.key}` });
    await postChat(app, chatBody({ user: 'u-a' }), { authorization: `Bearer ${a.key}` });
    const masterText = await readUntil(
      masterReader,
      (t) => (t.match(/event: gateway-event/g) ?? []).length >= 2,
    );
    expect(masterText).toContain(`"keyId":"${a.id}"`);
    expect(masterText).toContain(`"keyId":"${b.id}"`);
    const aText = await readUntil(aReader, (t) => t.includes('event: gateway-event'));
    expect(aText).toContain(`"keyId":"${a.id}"`);
    expect(aText).not.toContain(b.id);
    for (const text of [masterText, aText]) {
      expect(text).not.toContain('sk-st-');
      expect(text).not.toContain('hello'); // the prompt
    }

    // Signing out ends the stream.
    await keyA.post('/dashboard/logout', { _csrf: await keyA.csrf() });
    await postChat(app, chatBody(), { authorization: `Bearer ${a.key}` });
    const end = await readUntil(aReader, (t) => t.includes('event: end'));
    expect(end).toContain('event: end');
    expect((await aReader.read()).done).toBe(true);
    await masterReader.cancel();
  });
});
