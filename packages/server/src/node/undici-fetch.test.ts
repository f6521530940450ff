import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUndiciFetch } from './undici-fetch';

let up: FakeUpstream;
const undiciFetch = createUndiciFetch();
beforeAll(async () => {
  up = await startFakeUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

const post = (body: unknown, signal?: AbortSignal) =>
  undiciFetch(`${up.url}/v1/chat/completions`, {
    method: 'POST',
    headers: new Headers({ 'content-type': 'application/json', authorization: 'Bearer k' }),
    body: JSON.stringify(body),
    signal,
  });

describe('createUndiciFetch', () => {
  it('sends method, headers and body, and reads status, headers and JSON', async () => {
    up.enqueue({ kind: 'reply', text: 'hello' });
    const response = await post({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const json = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(json.choices[0]?.message.content).toBe('hello');
    expect(up.requests[0]?.headers.authorization).toBe('Bearer k');
    expect(up.requests[0]?.body.model).toBe('gpt-4o');
  });

  it('exposes an error status and its headers', async () => {
    up.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '3' } });
    const response = await post({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(JSON.parse(await response.text()).error.code).toBe('rate_limit_exceeded');
  });

  it('streams the body as a web ReadableStream', async () => {
    up.enqueue({ kind: 'reply', text: 'a b c', chunks: 3 });
    const response = await post({
      model: 'gpt-4o',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    const text = await new Response(response.body).text();
    expect(text).toContain('data: [DONE]');
  });

  it('aborts the upstream request with the signal', async () => {
    up.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = post(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] },
      controller.signal,
    );
    const [request] = await up.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await request!.closed;
    expect(request!.aborted).toBe(true);
  });

  it('sends each URL to its own path and query, also past the parsed-URL cache', async () => {
    // More distinct URLs than the transport keeps parsed (256): the cache starts over, and every
    // call still reaches its own path.
    for (let i = 0; i < 300; i++) {
      const url = `${up.url}/v1/chat/completions?n=${i}`;
      up.enqueue({ kind: 'reply', text: 'x' });
      const response = await undiciFetch(url, {
        method: 'POST',
        body: '{"model":"m","messages":[]}',
      });
      await response.text();
    }
    expect(up.requests).toHaveLength(300);
    expect(up.requests[0]?.url).toBe('/v1/chat/completions?n=0');
    expect(up.requests[299]?.url).toBe('/v1/chat/completions?n=299');
    expect(new Set(up.requests.map((r) => r.url)).size).toBe(300);
  });

  it('rejects with a connection error when nothing listens', async () => {
    await expect(
      undiciFetch('http://127.0.0.1:1/v1/chat/completions', { method: 'POST', body: '{}' }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});
