import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { fakeBaseUrlEnv, type RunningServer, startServer } from '../testing/test-env';

/**
 * A stream keeps its call for the answer's length, which may be minutes: it must not keep its
 * request (the prompt) alive that long. Before, each open stream held its prompt three times
 * (the parsed body through the engine's spec and the chat adapter, the upstream request body in
 * undici): 20 open streams of 1 MB prompts grew the heap by ~60 MB.
 */
setFlagsFromString('--expose_gc');
const PROMPT = 'x'.repeat(1 << 20);
const gc = runInNewContext('gc') as () => void;

const held: ServerResponse[] = [];
let upstreamUrl = '';
const upstream = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    held.push(res);
    if (req.url?.endsWith('/responses')) {
      // https://platform.openai.com/docs/api-reference/responses-streaming
      const created = {
        type: 'response.created',
        sequence_number: 0,
        response: { id: 'resp_open', object: 'response', status: 'in_progress', output: [] },
      };
      const delta = {
        type: 'response.output_text.delta',
        sequence_number: 1,
        item_id: 'msg_open',
        output_index: 0,
        content_index: 0,
        delta: 'first words',
      };
      res.write(`event: response.created\ndata: ${JSON.stringify(created)}\n\n`);
      res.write(`event: response.output_text.delta\ndata: ${JSON.stringify(delta)}\n\n`);
      return;
    }
    const chunk = {
      id: 'chatcmpl-open',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, delta: { content: 'first words' }, finish_reason: null }],
    };
    // The first content commits the stream; the answer then stays open until the test ends.
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  });
});
let server: RunningServer;

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  server = await startServer(
    loadConfig({
      LOG_EVENTS: 'false',
      ...fakeBaseUrlEnv(upstreamUrl),
      OPENAI_API_KEY: 'sk-openai-env-key-123',
      STEREOS_ALLOW_ANONYMOUS: 'true',
    }),
  );
});
afterAll(async () => {
  for (const res of held) res.end('data: [DONE]\n\n');
  await server.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('open streams and their prompts', () => {
  it.each([
    ['/v1/chat/completions', { messages: [{ role: 'user', content: PROMPT }] }],
    ['/v1/responses', { input: PROMPT }],
    ['/v1/messages', { max_tokens: 100, messages: [{ role: 'user', content: PROMPT }] }],
  ])('%s does not keep the prompt of a committed stream in memory', async (path, request) => {
    const streams = 20;
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, ...request });
    const pool = new Pool(server.url, { connections: streams });
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    const answers = await Promise.all(
      Array.from({ length: streams }, () =>
        pool.request({
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json' },
          body,
        }),
      ),
    );
    // Every stream has committed (its first words arrived) and is still open.
    const first = await Promise.all(
      answers.map(
        (a) => new Promise<string>((resolve) => a.body.once('data', (c) => resolve(String(c)))),
      ),
    );
    expect(first.every((text) => text.includes('first words'))).toBe(true);
    expect(server.app.inflightCalls()).toBe(streams);
    gc();
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    // 20 prompts of 1 MB: held once each would be 20 MB; held as before, ~60 MB.
    expect(grownMb).toBeLessThan(10);
    for (const res of held.splice(0)) res.destroy();
    await Promise.all(
      answers.map((a) => new Promise((resolve) => a.body.on('close', resolve).resume())),
    );
    await pool.close();
  });
});
