import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { createMemoryEventSink } from '../events/memory-sink';
import { chatBody, postChat, startUpstream, testConfig } from '../testing/test-env';
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

  it('accepts keys from a store behind the KeyResolver seam', async () => {
    const app = createApp(testConfig(up, { OPENAI_API_KEY: 'sk-env-key-1' }), {
      stores: {
        keys: { resolve: async (key) => (key === 'vk-stored' ? { keyId: 'vk_1' } : undefined) },
        events: createMemoryEventSink(),
        close: async () => {},
      },
    });
    expect(app.authMode).toBe('gateway');
    expect((await postChat(app, chatBody(), { 'x-api-key': 'nope' })).status).toBe(401);
    expect((await postChat(app, chatBody(), { 'x-api-key': 'vk-stored' })).status).toBe(200);
  });
});

describe('passthrough mode (no GATEWAY_API_KEYS)', () => {
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

  it('uses the env key when the caller sends none', async () => {
    const app = createApp(testConfig(up, { OPENAI_API_KEY: 'sk-env-key-1' }));
    expect((await postChat(app, chatBody())).status).toBe(200);
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-env-key-1');
  });

  it('answers 401 when neither the caller nor env has a key for the provider', async () => {
    const response = await postChat(createApp(testConfig(up)), chatBody());
    expect(response.status).toBe(401);
    expect((await errorOf(response)).message).toContain('OPENAI_API_KEY');
    expect(up.requests).toHaveLength(0);
  });
});
