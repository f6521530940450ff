import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { type FakeUpstream, streamFail } from '@stereos/fake-upstream';
import { Pool } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import {
  chatBody,
  fakeBaseUrlEnv,
  type RunningServer,
  startServer,
  startUpstream,
  testConfig,
} from '../testing/test-env';

/**
 * The Node response path: on `@hono/node-server` the chat route writes JSON and SSE answers to
 * the socket itself (`sendNodeText`, `sendNodeStream`) and reads the request body from the Node
 * request. What a client sees must be what the web path gives (`app.request()` tests).
 */
let up: FakeUpstream;
let server: RunningServer;
let pool: Pool;

beforeAll(async () => {
  up = await startUpstream();
  server = await startServer(
    testConfig(up, {
      OPENAI_API_KEY: 'sk-openai-env-key-123',
      STEREOS_ALLOW_ANONYMOUS: 'true',
      MAX_BODY_BYTES: '2000',
    }),
  );
  pool = new Pool(server.url);
});
afterAll(async () => {
  await pool.close();
  await server.close();
  await up.close();
});
beforeEach(() => {
  up.reset();
  server.app.events.clear();
});

async function post(body: string | Record<string, unknown>, headers: Record<string, string> = {}) {
  const answer = await pool.request({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
}

/** The `data:` payloads of an SSE body. */
const dataOf = (sse: string) =>
  sse
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));

describe('Node response path', () => {
  it('writes a completion with its length and served headers', async () => {
    up.enqueue({ kind: 'reply', text: 'héllo there', usage: { input: 5, output: 2 } });
    const answer = await post(chatBody({ 'x-request': 1 }), { 'x-request-id': 'req-node-1' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.text));
    expect(answer.headers['x-request-id']).toBe('req-node-1');
    expect(answer.headers['x-stereos-provider']).toBe('openai');
    expect(answer.headers['x-stereos-attempts']).toBe('1');
    expect(JSON.parse(answer.text).choices[0].message.content).toBe('héllo there');
    const [event] = [await server.app.events.waitFor(() => true)];
    expect(event).toMatchObject({ status: 'success', requestId: 'req-node-1', outputTokens: 2 });
  });

  it('streams every event once, then [DONE], and records usage the client did not ask for', async () => {
    up.enqueue({ kind: 'reply', text: 'a b c d e f', usage: { input: 7, output: 6 } });
    const answer = await post(chatBody({ stream: true }));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(answer.headers['x-stereos-model']).toBe('gpt-4o-mini');
    const data = dataOf(answer.text);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('a b c d e f');
    // The usage chunk was asked for by the gateway, not the client: hidden from it.
    expect(chunks.some((c) => c.usage)).toBe(false);
    const [event] = [await server.app.events.waitFor(() => true)];
    expect(event).toMatchObject({ status: 'success', stream: true, inputTokens: 7 });
  });

  it('holds a long stream to a client that reads slowly (backpressure), losing nothing', async () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`);
    up.enqueue({ kind: 'reply', text: words.join(' ') });
    const answer = await pool.request({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody({ stream: true })),
      highWaterMark: 1024,
    });
    let sse = '';
    for await (const chunk of answer.body) {
      sse += chunk.toString();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const data = dataOf(sse);
    expect(data.at(-1)).toBe('[DONE]');
    const text = data
      .slice(0, -1)
      .map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '')
      .join('');
    expect(text).toBe(words.join(' '));
  });

  it('passes an upstream failure after the first content on as an error event, and ends', async () => {
    up.enqueue(streamFail('partial answer', 'drop'));
    const answer = await post(chatBody({ stream: true }));
    expect(answer.status).toBe(200);
    const data = dataOf(answer.text);
    expect(data.some((d) => d.includes('"content":"partial'))).toBe(true);
    expect(JSON.parse(data.at(-1)!)).toMatchObject({ error: { type: expect.any(String) } });
    const [event] = [await server.app.events.waitFor(() => true)];
    expect(event).toMatchObject({ status: 'error', stream: true });
  });

  it('refuses a chunked body past MAX_BODY_BYTES with 413 and records it', async () => {
    const big = JSON.stringify(chatBody({ pad: 'x'.repeat(5000) }));
    const answer = await pool.request({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      // An iterable body goes out chunked, without a content-length to refuse it early.
      body: Readable.from(
        (function* () {
          for (let i = 0; i < big.length; i += 500) yield Buffer.from(big.slice(i, i + 500));
        })(),
      ),
    });
    expect(answer.statusCode).toBe(413);
    expect(await answer.body.json()).toMatchObject({ error: { code: 'request_too_large' } });
    const [event] = [await server.app.events.waitFor(() => true)];
    expect(event).toMatchObject({ status: 'invalid_request' });
    expect(up.requests).toHaveLength(0);
  });
});

describe('Node response path: the end of a stream', () => {
  it('ends the answer at [DONE], while the upstream body is still open, and records it', async () => {
    // An upstream that sends its whole answer, `[DONE]` included, then keeps the body open (as a
    // slow proxy or a connection that closes late does), until the test lets it end.
    const held: ServerResponse[] = [];
    const upstream = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object, finish: string | null = null) =>
        `data: ${JSON.stringify({
          id: 'chatcmpl-held',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, delta, finish_reason: finish }],
        })}\n\n`;
      res.write(chunk({ role: 'assistant', content: 'held ' }) + chunk({ content: 'open' }));
      res.write(`${chunk({}, 'stop')}data: [DONE]\n\n`);
      held.push(res);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const gateway = await startServer(
      loadConfig({
        LOG_EVENTS: 'false',
        ...fakeBaseUrlEnv(upstreamUrl),
        OPENAI_API_KEY: 'sk-openai-env-key-123',
        STEREOS_ALLOW_ANONYMOUS: 'true',
      }),
    );
    try {
      const client = new Pool(gateway.url);
      const answer = await client.request({
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chatBody({ stream: true })),
      });
      // Before, the answer ended only when the upstream body did: this read never finished.
      const text = await Promise.race([
        answer.body.text(),
        new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 4000)),
      ]);
      const data = dataOf(text);
      expect(data.at(-1)).toBe('[DONE]');
      expect(
        data
          .slice(0, -1)
          .map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '')
          .join(''),
      ).toBe('held open');
      expect(held).toHaveLength(1);
      const event = await gateway.app.events.waitFor(() => true);
      expect(event).toMatchObject({ status: 'success', stream: true, finishReason: 'stop' });
      for (const res of held) res.end();
      await client.close();
    } finally {
      for (const res of held) res.end();
      await gateway.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
