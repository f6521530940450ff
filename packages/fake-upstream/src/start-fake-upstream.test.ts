import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './start-fake-upstream.js';

let upstream: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const ask = (content: string, signal?: AbortSignal) =>
  client.chat.completions.create(
    { model: 'm', messages: [{ role: 'user', content }] },
    signal ? { signal } : {},
  );
const textOf = (completion: OpenAI.ChatCompletion) => completion.choices[0]?.message.content;

describe('startFakeUpstream', () => {
  it('exposes a URL without a trailing slash', () => {
    expect(upstream.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('consumes queued behaviours in order, then falls back to the default', async () => {
    upstream.enqueue({ kind: 'reply', text: 'first' }, { kind: 'reply', text: 'second' });
    expect(textOf(await ask('a'))).toBe('first');
    expect(textOf(await ask('b'))).toBe('second');
    expect(textOf(await ask('c'))).toBe('echo: c');
  });

  it('uses a per-request default function', async () => {
    upstream.setDefault((request) => ({ kind: 'reply', text: `model=${request.body.model}` }));
    expect(textOf(await ask('a'))).toBe('model=m');
    upstream.reset();
    expect(textOf(await ask('b'))).toBe('echo: b');
  });

  it('answers 50 concurrent callers with their own echo', async () => {
    const prompts = Array.from({ length: 50 }, (_, i) => `caller ${i}`);
    const answers = await Promise.all(prompts.map((p) => ask(p)));
    expect(answers.map(textOf)).toEqual(prompts.map((p) => `echo: ${p}`));
    expect(upstream.requests).toHaveLength(50);
  });

  it('drops the connection without a response', async () => {
    upstream.enqueue({ kind: 'drop' });
    await expect(ask('x')).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.aborted).toBe(false);
  });

  it('hangs until the client aborts, and records the abort', async () => {
    upstream.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = ask('x', controller.signal);
    const [request] = await upstream.waitForRequests(1);
    expect(request?.aborted).toBe(false);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    await request?.closed;
    expect(upstream.requests[0]?.aborted).toBe(true);
  });

  it('records a client abort in the middle of a slow stream', async () => {
    upstream.enqueue({ kind: 'reply', text: 'a b c d e f g h', chunkDelayMs: 50 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.aborted).toBe(true);
  });

  it('applies delayMs before responding', async () => {
    upstream.enqueue({ kind: 'reply', text: 'late', delayMs: 120 });
    const started = Date.now();
    expect(textOf(await ask('x'))).toBe('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('sends raw responses verbatim', async () => {
    upstream.enqueue({
      kind: 'raw',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<h1>bad</h1>',
    });
    const res = await fetch(`${upstream.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<h1>bad</h1>');
  });

  it('records path, url, headers and body, and matches routes by suffix', async () => {
    const res = await fetch(`${upstream.url}/compatibility/v1/chat/completions?x=1`, {
      method: 'POST',
      headers: { 'X-Custom': 'yes', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect((await res.json()).choices[0].message.content).toBe('echo: hi');
    expect(upstream.requests[0]).toMatchObject({
      method: 'POST',
      path: '/compatibility/v1/chat/completions',
      url: '/compatibility/v1/chat/completions?x=1',
      kind: 'openai-chat',
      body: { model: 'm' },
    });
    expect(upstream.requests[0]?.headers['x-custom']).toBe('yes');
    expect(upstream.requests[0]?.rawBody).toContain('"hi"');
  });

  it('answers unknown routes with an OpenAI-shaped 404', async () => {
    const res = await fetch(`${upstream.url}/v1/unknown`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        message: 'Invalid URL (POST /v1/unknown)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    expect(upstream.requests[0]?.kind).toBe('other');
  });

  it('rejects waitForRequests after its timeout', async () => {
    await expect(upstream.waitForRequests(1, 20)).rejects.toThrow(/Timed out/);
  });
});

describe('close', () => {
  it('closes hanging sockets and resolves', async () => {
    const own = await startFakeUpstream();
    own.enqueue({ kind: 'hang' });
    const pending = fetch(`${own.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [] }),
    }).catch((e: unknown) => e);
    const [request] = await own.waitForRequests(1);
    await own.close();
    expect(await pending).toBeInstanceOf(Error);
    await request?.closed;
    expect(request?.aborted).toBe(false);
  });
});

describe('maxRecordedRequests', () => {
  it('keeps only the newest requests', async () => {
    const own = await startFakeUpstream({ maxRecordedRequests: 2 });
    for (const path of ['/a', '/b', '/c']) await (await fetch(own.url + path)).text();
    expect(own.requests.map((r) => r.path)).toEqual(['/b', '/c']);
    await own.close();
  });
});
