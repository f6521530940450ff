import type { FakeUpstream } from '@stereos/fake-upstream';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { AppEnv } from '../app-env';
import { createErrorHandler } from '../errors/error-handlers';
import { createEmbeddedStores } from '../stores/server-stores';
import { chatBody, postChat, startUpstream, testConfig } from '../testing/test-env';
import { authMiddleware } from './auth-middleware';
import { keyIdFromDigest, sha256 } from './key-digest';

let up: FakeUpstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

async function errorOf(response: Response) {
  return ((await response.json()) as { error: Record<string, unknown> }).error;
}

describe('gateway mode (GATEWAY_API_KEYS set)', () => {
  const gateway = () =>
    createApp(
      testConfig(up, { GATEWAY_API_KEYS: 'gw-key-one,gw-key-two', OPENAI_API_KEY: 'sk-env-key-1' }),
    );

  it('answers 401 without a key and records an unauthorized event', async () => {
    const app = gateway();
    const response = await postChat(app, chatBody());
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({
      type: 'authentication_error',
      code: 'missing_api_key',
    });
    expect(up.requests).toHaveLength(0);
    expect(app.events.events()).toEqual([
      expect.objectContaining({
        status: 'unauthorized',
        error: expect.objectContaining({ status: 401 }),
      }),
    ]);
  });

  it('answers 401 for a wrong key', async () => {
    const response = await postChat(gateway(), chatBody(), {
      authorization: 'Bearer gw-key-three',
    });
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({ code: 'invalid_api_key' });
    expect(up.requests).toHaveLength(0);
  });

  it.each([
    ['x-stereos-virtual-key', 'gw-key-two'],
    ['authorization', 'Bearer gw-key-two'],
    ['x-api-key', 'gw-key-two'],
  ])('accepts a gateway key in %s and calls upstream with the env key', async (header, value) => {
    const app = gateway();
    const response = await postChat(app, chatBody(), { [header]: value });
    expect(response.status).toBe(200);
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-env-key-1');
    const event = await app.events.waitFor((e) => e.status === 'success');
    expect(event.keyId).toBe(keyIdFromDigest(await sha256('gw-key-two')));
    expect(JSON.stringify(app.events.events())).not.toContain('gw-key-two');
  });

  it('checks x-stereos-virtual-key first when several key headers are sent', async () => {
    const valid = await postChat(gateway(), chatBody(), {
      'x-stereos-virtual-key': 'gw-key-one',
      authorization: 'Bearer wrong',
    });
    expect(valid.status).toBe(200);
    const invalid = await postChat(gateway(), chatBody(), {
      'x-stereos-virtual-key': 'wrong',
      authorization: 'Bearer gw-key-one',
    });
    expect(invalid.status).toBe(401);
  });

  it('accepts stored virtual keys beside GATEWAY_API_KEYS, with their id as keyId', async () => {
    const stores = createEmbeddedStores();
    const app = createApp(
      testConfig(up, { GATEWAY_API_KEYS: 'gw-key-one', OPENAI_API_KEY: 'sk-env-key-1' }),
      { stores },
    );
    const { record, key } = await stores.keys.create({ name: 'stored' });
    expect(app.authMode).toBe('gateway');
    expect((await postChat(app, chatBody(), { 'x-api-key': 'nope' })).status).toBe(401);
    expect((await postChat(app, chatBody(), { 'x-api-key': 'sk-st-unknown' })).status).toBe(401);
    expect((await postChat(app, chatBody(), { 'x-api-key': key })).status).toBe(200);
    expect((await postChat(app, chatBody(), { authorization: 'Bearer gw-key-one' })).status).toBe(
      200,
    );
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-env-key-1');
    const event = await app.events.waitFor((e) => e.status === 'success');
    expect(event.keyId).toBe(record.id);
  });

  it('turns gateway mode on with STEREOS_MASTER_KEY alone', () => {
    const app = createApp(testConfig(up, { STEREOS_MASTER_KEY: 'master-key-0123456789' }));
    expect(app.authMode).toBe('gateway');
  });
});

describe('passthrough mode (no GATEWAY_API_KEYS)', () => {
  // STEREOS_ALLOW_ANONYMOUS unset, whatever default the shared test config picks.
  const DEFAULT_ANONYMOUS = { OPENAI_API_KEY: 'sk-env-key-1', STEREOS_ALLOW_ANONYMOUS: '' };

  it('sends the caller key upstream as the provider key', async () => {
    const app = createApp(testConfig(up, { OPENAI_API_KEY: 'sk-env-key-1' }));
    expect(app.authMode).toBe('passthrough');
    const response = await postChat(app, chatBody(), { authorization: 'Bearer sk-caller-key-1' });
    expect(response.status).toBe(200);
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-caller-key-1');
    const event = await app.events.waitFor((e) => e.status === 'success');
    expect(event.keyId).toBe(keyIdFromDigest(await sha256('sk-caller-key-1')));
  });

  it('prefers x-stereos-virtual-key as the provider key', async () => {
    const app = createApp(testConfig(up));
    await postChat(app, chatBody({ model: 'claude-sonnet-4-5' }), {
      'x-stereos-virtual-key': 'sk-ant-caller',
      authorization: 'Bearer other',
    });
    expect(up.requests[0]?.headers['x-api-key']).toBe('sk-ant-caller');
  });

  it('refuses a request without a key instead of spending the env key (no open relay)', async () => {
    const app = createApp(testConfig(up, DEFAULT_ANONYMOUS));
    const response = await postChat(app, chatBody());
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/json');
    const error = await errorOf(response);
    expect(error).toMatchObject({ type: 'authentication_error', code: 'missing_api_key' });
    expect(error.message).toContain('GATEWAY_API_KEYS');
    expect(error.message).toContain('STEREOS_ALLOW_ANONYMOUS=true');
    expect(error.message).not.toContain('sk-env-key-1');
    expect(up.requests).toHaveLength(0);
    expect(app.events.events()).toEqual([expect.objectContaining({ status: 'unauthorized' })]);
  });

  it('refuses a keyless model listing too (it would use the env keys)', async () => {
    const app = createApp(testConfig(up, DEFAULT_ANONYMOUS));
    const response = await app.request('/v1/models?provider=openai');
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({ code: 'missing_api_key' });
    expect(up.requests).toHaveLength(0);
  });

  it('checks stored virtual keys and never forwards an sk-st- key upstream', async () => {
    const stores = createEmbeddedStores();
    const app = createApp(testConfig(up, { OPENAI_API_KEY: 'sk-env-key-1' }), { stores });
    const { record, key } = await stores.keys.create({ name: 'stored' });
    expect(app.authMode).toBe('passthrough');
    const unknown = await postChat(app, chatBody(), { authorization: 'Bearer sk-st-not-a-key' });
    expect(unknown.status).toBe(401);
    expect(up.requests).toHaveLength(0);
    expect((await postChat(app, chatBody(), { authorization: `Bearer ${key}` })).status).toBe(200);
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-env-key-1');
    expect((await app.events.waitFor((e) => e.status === 'success')).keyId).toBe(record.id);
  });

  it('refuses a blank bearer like a missing key', async () => {
    const app = createApp(testConfig(up, DEFAULT_ANONYMOUS));
    const response = await postChat(app, chatBody(), { authorization: 'Bearer   ' });
    expect(response.status).toBe(401);
    expect(up.requests).toHaveLength(0);
  });
});

describe('authMiddleware options', () => {
  function probe(options?: { allowAnonymous?: boolean }) {
    const app = new Hono<AppEnv>();
    app.onError(createErrorHandler([]));
    app.use('/v1/*', authMiddleware(undefined, options));
    app.get('/v1/probe', (c) => c.json(c.get('auth')));
    return app;
  }

  it('lets a keyless request through in passthrough only with allowAnonymous', async () => {
    const allowed = await probe({ allowAnonymous: true }).request('/v1/probe');
    expect(allowed.status).toBe(200);
    // No provider key: the chat route then uses the env key.
    expect(await allowed.json()).toEqual({ mode: 'passthrough' });
    const refused = await probe().request('/v1/probe');
    expect(refused.status).toBe(401);
    expect(await errorOf(refused)).toMatchObject({ code: 'missing_api_key' });
  });

  it('still forwards a caller key when anonymous use is allowed', async () => {
    const response = await probe({ allowAnonymous: true }).request('/v1/probe', {
      headers: { authorization: 'Bearer sk-caller' },
    });
    expect(await response.json()).toMatchObject({ mode: 'passthrough', providerKey: 'sk-caller' });
  });
});
