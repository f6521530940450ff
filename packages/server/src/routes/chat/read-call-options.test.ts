import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { chatBody, postChat, startUpstream, testConfig } from '../../testing/test-env';

let up: FakeUpstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

function app() {
  return createApp(
    testConfig(up, { OPENAI_API_KEY: 'sk-openai-test-123456', STEREOS_ALLOW_ANONYMOUS: 'true' }),
  );
}

/** Posts a valid body with `headers`; expects a 400 naming `param`, and no upstream call. */
async function expectRefused(headers: Record<string, string>, param: string, message: RegExp) {
  const response = await postChat(app(), chatBody(), headers);
  expect(response.status).toBe(400);
  const { error } = (await response.json()) as { error: Record<string, unknown> };
  expect(error).toMatchObject({ type: 'invalid_request_error', param });
  expect(error.message).toMatch(new RegExp(`^${param}: `));
  expect(error.message).toMatch(message);
  expect(up.requests).toHaveLength(0);
  return error;
}

describe('x-stereos-* headers are bounded before any upstream call', () => {
  it('x-stereos-fallback-models: every entry is a model id', async () => {
    const error = await expectRefused(
      { 'x-stereos-fallback-models': 'gpt-4o, gpt-4o-\u00e9' },
      'x-stereos-fallback-models',
      /printable ASCII.*U\+00E9/,
    );
    expect(error.code).toBe('invalid_model');
    await expectRefused(
      { 'x-stereos-fallback-models': `gpt-4o,${'m'.repeat(257)}` },
      'x-stereos-fallback-models',
      /got 257 characters/,
    );
  });

  it('x-stereos-user: at most 256 characters, no control characters', async () => {
    await expectRefused({ 'x-stereos-user': 'u'.repeat(257) }, 'x-stereos-user', /at most 256/);
    const error = await expectRefused(
      { 'x-stereos-user': 'alice\u0001bob' },
      'x-stereos-user',
      /control characters.*U\+0001/,
    );
    expect(error.code).toBe('invalid_header');
  });

  it('x-stereos-tags: at most 32 tags of at most 128 printable characters', async () => {
    const many = Array.from({ length: 33 }, (_, i) => `t${i}`).join(',');
    await expectRefused({ 'x-stereos-tags': many }, 'x-stereos-tags', /at most 32 tags; got 33/);
    await expectRefused(
      { 'x-stereos-tags': `ok,${'t'.repeat(129)}` },
      'x-stereos-tags',
      /tag 2 must be at most 128/,
    );
    await expectRefused({ 'x-stereos-tags': 'ok,a\u007fb' }, 'x-stereos-tags', /U\+007F/);
  });

  it('x-stereos-metadata: at most 32 keys, key ≤ 64, value ≤ 512, header ≤ 8 KB', async () => {
    const header = (m: Record<string, string>) => ({ 'x-stereos-metadata': JSON.stringify(m) });
    const keys33 = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
    await expectRefused(header(keys33), 'x-stereos-metadata', /at most 32 keys/);
    await expectRefused(header({ ['k'.repeat(65)]: 'v' }), 'x-stereos-metadata', /1–64/);
    await expectRefused(header({ k: 'v'.repeat(513) }), 'x-stereos-metadata', /at most 512/);
    await expectRefused(header({ k: 'a\nb' }), 'x-stereos-metadata', /control characters/);
    const big = { 'x-stereos-metadata': `{"k":"${' '.repeat(8 * 1024)}"}` };
    await expectRefused(big, 'x-stereos-metadata', /at most 8192 bytes/);
  });

  it('accepts values at the limits and records them', async () => {
    const server = app();
    const tags = Array.from({ length: 32 }, (_, i) => `tag ${i} ${'t'.repeat(100)}`);
    const metadata = Object.fromEntries(
      Array.from({ length: 32 }, (_, i) => [`k${i}`.padEnd(64, 'k'), 'v'.repeat(180)]),
    );
    const response = await postChat(server, chatBody(), {
      'x-stereos-user': 'u'.repeat(256),
      'x-stereos-tags': tags.join(', '),
      'x-stereos-metadata': JSON.stringify(metadata),
      'x-stereos-fallback-models': 'gpt-4o',
    });
    expect(response.status).toBe(200);
    const event = await server.events.waitFor((e) => e.status === 'success');
    expect(event).toMatchObject({ user: 'u'.repeat(256), tags, metadata });
  });
});
