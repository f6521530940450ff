import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { chatBody, postChat, startUpstream, testConfig } from '../../testing/test-env';
import { readChatRequest } from './read-chat-request';

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

async function errorOf(response: Response) {
  return ((await response.json()) as { error: Record<string, unknown> }).error;
}

describe('model ids are bounded before any upstream call', () => {
  const badModels: [string, string, RegExp][] = [
    ['too long', 'm'.repeat(257), /1–256 printable ASCII.*got 257 characters/],
    ['a space', 'gpt 4o', /character 4 is a space/],
    ['CR LF', 'gpt-4o\r\nx-injected: 1', /character 7 is U\+000D/],
    ['NUL', 'gpt-4o\u0000', /U\+0000/],
    ['non-ASCII', 'gpt-4o-模型', /character 8 is U\+6A21/],
    ['empty', '', /empty string/],
  ];

  for (const [label, model, message] of badModels) {
    it(`refuses a body model with ${label}: 400 invalid_model naming model`, async () => {
      const response = await postChat(app(), chatBody({ model }));
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error).toMatchObject({
        type: 'invalid_request_error',
        code: 'invalid_model',
        param: 'model',
        message: expect.stringMatching(message),
      });
      expect(error.message).toMatch(/^model: /);
      if (model) expect(error.message).not.toContain(model);
      expect(up.requests).toHaveLength(0);
    });
  }

  it('refuses a bad entry of body `models`, naming its index', async () => {
    const response = await postChat(
      app(),
      chatBody({ models: ['gpt-4o', 'groq/llama 3'], model: undefined }),
    );
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      code: 'invalid_model',
      param: 'models.1',
      message: expect.stringMatching(/^models\.1: .*a space/),
    });
    expect(up.requests).toHaveLength(0);
  });

  it('accepts the longest valid id (256 printable ASCII characters)', async () => {
    const response = await postChat(app(), chatBody({ model: `gpt-4o-${'x'.repeat(249)}` }));
    expect(response.status).toBe(200);
  });
});

describe('body `user` is bounded', () => {
  it('refuses more than 256 characters', async () => {
    const response = await postChat(app(), chatBody({ user: 'u'.repeat(257) }));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      type: 'invalid_request_error',
      param: 'user',
      message: expect.stringMatching(/^user: must be at most 256 characters/),
    });
    expect(up.requests).toHaveLength(0);
  });

  it('refuses control characters (a forged log line)', async () => {
    const response = await postChat(app(), chatBody({ user: 'alice\n{"level":"info"}' }));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      param: 'user',
      message: expect.stringMatching(/control characters.*U\+000A/),
    });
    expect(up.requests).toHaveLength(0);
  });

  it('accepts a non-ASCII user', async () => {
    expect((await postChat(app(), chatBody({ user: 'Zoë 山田' }))).status).toBe(200);
  });
});

describe('duplicate JSON keys', () => {
  const messages = '[{"role":"user","content":"hi"}]';

  it('forwards what was routed and priced (the last `model`), not the raw bytes', async () => {
    const server = app();
    const raw = `{"model":"o1-pro","messages":${messages},"model":"gpt-4o-mini"}`;
    const response = await postChat(server, raw);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-stereos-model')).toBe('gpt-4o-mini');
    expect(up.requests).toHaveLength(1);
    const forwarded = up.requests[0]?.rawBody ?? '';
    expect(forwarded).not.toContain('o1-pro');
    expect(JSON.parse(forwarded).model).toBe('gpt-4o-mini');
    const event = await server.events.waitFor((e) => e.status === 'success');
    expect(event).toMatchObject({ requestedModel: 'gpt-4o-mini', model: 'gpt-4o-mini' });
  });

  it('also when the duplicate is nested or spelled with escapes', async () => {
    const nested = `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"a","content":"b"}]}`;
    expect((await postChat(app(), nested)).status).toBe(200);
    expect(JSON.parse(up.requests[0]?.rawBody ?? '').messages[0].content).toBe('b');

    up.reset();
    const escaped = `{"model":"o1-pro","messages":${messages},"mod\\u0065l":"gpt-4o-mini"}`;
    expect((await postChat(app(), escaped)).status).toBe(200);
    expect(up.requests[0]?.rawBody).not.toContain('o1-pro');
  });

  it('keeps forwarding the client bytes unchanged when there is no duplicate', () => {
    const raw = `{ "model": "gpt-4o-mini", "messages": ${messages}, "x": {"model": 1} }`;
    expect(readChatRequest(raw).rawBody).toBe(raw);
    const dup = `{"model":"gpt-4o-mini","messages":${messages},"model":"gpt-4o-mini"}`;
    expect(readChatRequest(dup).rawBody).toBeUndefined();
  });
});

describe('nesting depth is bounded', () => {
  it('refuses a body nested deeper than 128 levels before any upstream call', async () => {
    // JSON.parse takes it, but re-serialising it (here for `models`) overflows the stack.
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const raw = `{"models":["gpt-4o-mini"],"messages":[{"role":"user","content":"hi"}],"x":${deep}}`;
    const response = await postChat(app(), raw);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      type: 'invalid_request_error',
      code: 'json_too_deep',
      message: expect.stringContaining('more than 128 levels'),
    });
    expect(up.requests).toHaveLength(0);
  });

  it('accepts a deeply nested but reasonable tool schema', async () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 30; i++) schema = { type: 'object', properties: { a: schema } };
    const tools = [{ type: 'function', function: { name: 'f', parameters: schema } }];
    expect((await postChat(app(), chatBody({ tools }))).status).toBe(200);
  });
});
