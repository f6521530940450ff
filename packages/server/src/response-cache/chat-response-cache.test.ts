import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import {
  chatBody,
  postChat,
  type RunningServer,
  startServer,
  testConfig,
} from '../testing/test-env';
import { useFakeUpstream } from '../testing/use-fake-upstream';

const up = useFakeUpstream();

const env = { GATEWAY_API_KEYS: 'gw-key-1,gw-key-2', OPENAI_API_KEY: 'sk-openai-env-key-1' };
const key1 = { authorization: 'Bearer gw-key-1' };
const cached = { ...key1, 'cf-aig-cache-ttl': '60' };

describe('response cache, JSON', () => {
  it('stores on a miss and replays the same body on a hit: no upstream call, cost 0', async () => {
    const app = createApp(testConfig(up, env));
    up.enqueue({ kind: 'reply', text: 'cached answer', usage: { input: 10, output: 5 } });
    const miss = await postChat(app, chatBody(), cached);
    expect(miss.status).toBe(200);
    expect(miss.headers.get('cf-aig-cache-status')).toBe('MISS');
    expect(Number(miss.headers.get('x-stereos-cost-usd'))).toBeGreaterThan(0);
    const missBody = await miss.text();
    await app.events.waitFor((e) => e.status === 'success');

    const hit = await postChat(app, chatBody(), cached);
    expect(hit.status).toBe(200);
    expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(hit.headers.get('x-stereos-cost-usd')).toBe('0');
    expect(hit.headers.get('x-stereos-provider')).toBe('openai');
    expect(hit.headers.get('content-type')).toContain('application/json');
    expect(await hit.text()).toBe(missBody);
    expect(up.requests).toHaveLength(1);
    const event = await app.events.waitFor((e) => e.cacheHit);
    expect(event).toMatchObject({ status: 'success', cacheHit: true, costUsd: 0, stream: false });
    expect(event.keyId).toBe(app.events.events()[0]?.keyId);
  });

  it('also turns on with Cache-Control: max-age, and keys the body canonically', async () => {
    const app = createApp(testConfig(up, env));
    const headers = { ...key1, 'cache-control': 'no-transform, max-age=120' };
    await postChat(
      app,
      { model: 'gpt-4o-mini', temperature: 0, messages: [{ role: 'user', content: 'x' }] },
      headers,
    );
    const reordered = await postChat(
      app,
      { messages: [{ content: 'x', role: 'user' }], temperature: 0, model: 'gpt-4o-mini' },
      headers,
    );
    expect(reordered.headers.get('cf-aig-cache-status')).toBe('HIT');
    const changed = await postChat(app, chatBody({ temperature: 1 }), headers);
    expect(changed.headers.get('cf-aig-cache-status')).toBe('MISS');
    expect(up.requests).toHaveLength(2);
  });

  it('is off without a header, with cf-aig-skip-cache, and for max-age=0', async () => {
    const app = createApp(testConfig(up, env));
    await postChat(app, chatBody(), cached);
    for (const headers of [
      key1,
      { ...cached, 'cf-aig-skip-cache': 'true' },
      { ...key1, 'cache-control': 'max-age=0' },
    ]) {
      const response = await postChat(app, chatBody(), headers);
      expect(response.headers.get('cf-aig-cache-status')).toBeNull();
    }
    expect(up.requests).toHaveLength(4);
  });

  it('never shares answers between keys; cf-aig-cache-key names an entry within a key', async () => {
    const app = createApp(testConfig(up, env));
    await postChat(app, chatBody(), cached);
    const other = await postChat(app, chatBody(), { ...cached, authorization: 'Bearer gw-key-2' });
    expect(other.headers.get('cf-aig-cache-status')).toBe('MISS');
    const named = { ...cached, 'cf-aig-cache-key': 'greeting-v1' };
    await postChat(app, chatBody(), named);
    const sameName = await postChat(app, chatBody({ temperature: 0.5 }), named);
    expect(sameName.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(up.requests).toHaveLength(3);
  });

  it('scopes passthrough answers to the whole provider key, not its short id', async () => {
    const app = createApp(testConfig(up, { OPENAI_API_KEY: 'sk-openai-env-key-1' }));
    const as = (key: string) => ({ authorization: `Bearer ${key}`, 'cf-aig-cache-ttl': '60' });
    await postChat(app, chatBody(), as('sk-caller-one'));
    expect(
      (await postChat(app, chatBody(), as('sk-caller-two'))).headers.get('cf-aig-cache-status'),
    ).toBe('MISS');
    expect(
      (await postChat(app, chatBody(), as('sk-caller-one'))).headers.get('cf-aig-cache-status'),
    ).toBe('HIT');
    expect(up.requests).toHaveLength(2);
  });

  it("keeps cf-aig-cache-ttl's Cloudflare bound (60 s minimum): 400 naming the header", async () => {
    const app = createApp(testConfig(up, env));
    const response = await postChat(app, chatBody(), { ...key1, 'cf-aig-cache-ttl': '30' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'cf-aig-cache-ttl' } });
  });
});

describe('response cache, streams', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(testConfig(up, env));
  });
  afterAll(() => server.close());

  async function streamText(headers: Record<string, string>) {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(chatBody({ stream: true, messages: [{ role: 'user', content: 's' }] })),
    });
    return { status: response.headers.get('cf-aig-cache-status'), text: await response.text() };
  }

  it('tees a stream as it passes, replays the same SSE text (openai SDK reads it too)', async () => {
    up.enqueue({ kind: 'reply', text: 'one two three', usage: { input: 4, output: 3 } });
    const miss = await streamText(cached);
    expect(miss.status).toBe('MISS');
    expect(miss.text.trimEnd()).toMatch(/data: \[DONE\]$/);
    await server.app.events.waitFor((e) => e.stream && e.status === 'success');

    const hit = await streamText(cached);
    expect(hit).toEqual({ status: 'HIT', text: miss.text });
    expect(up.requests).toHaveLength(1);
    const event = await server.app.events.waitFor((e) => e.stream && e.cacheHit);
    expect(event).toMatchObject({ costUsd: 0, status: 'success' });

    const client = new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: 'gw-key-1',
      maxRetries: 0,
      defaultHeaders: { 'cf-aig-cache-ttl': '60' },
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 's' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three');
    expect(up.requests).toHaveLength(1);
  });

  it('never stores a stream that ended without [DONE]', async () => {
    up.enqueue({ kind: 'stream-fail', text: 'partial answer', then: 'error-event' });
    const body = { ...cached, 'cf-aig-cache-key': 'cut-off' };
    const cut = await streamText(body);
    expect(cut.status).toBe('MISS');
    expect(cut.text).not.toContain('[DONE]');
    await server.app.events.waitFor((e) => e.status !== 'success' && e.stream);
    const again = await streamText(body);
    expect(again.status).toBe('MISS');
    expect(up.requests).toHaveLength(2);
  });
});
