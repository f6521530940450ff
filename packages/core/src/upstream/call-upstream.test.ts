import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROVIDERS, type ProviderSpec } from '../catalog/providers';
import { routeModel } from '../catalog/route-model';
import type { ChunkSource } from '../engine/commit-stream';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import {
  textMessage,
  textStreamEvents,
  toAnthropicSSE,
} from '../wire/anthropic/fixtures/anthropic-docs-fixtures';
import type { ChatStreamItem } from '../wire/chat-stream-item';
import type { ChatCompletionRequest } from '../wire/openai-chat';
import { callUpstreamChat, type UpstreamChatResult, type UpstreamRequest } from './call-upstream';
import { BODY_READER, type ByteReader } from './read-sse';

interface Captured {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

// A real HTTP server, so paths, headers and bytes are checked as they arrive on the wire.
let captured: Captured[] = [];
let reply: (res: ServerResponse, body: string) => void = defaultReply;
let origin = '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    captured.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    reply(res, body);
  });
});

const COMPLETION = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
};

/** A minimal well-formed answer: a completion, an SSE stream, or an Anthropic message. */
function defaultReply(res: ServerResponse, body: string): void {
  const request = JSON.parse(body) as { stream?: boolean };
  const anthropic = res.req.url?.endsWith('/v1/messages') === true;
  if (request.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(anthropic ? toAnthropicSSE(textStreamEvents) : 'data: {"a":1}\n\ndata: [DONE]\n\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(anthropic ? textMessage : COMPLETION));
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  captured = [];
  reply = defaultReply;
});

/** The provider's default base URL path, served by the local server. */
function localBase(provider: ProviderSpec): string {
  return origin + new URL(provider.defaultBaseURL).pathname.replace(/\/$/, '');
}

function chat(model: string, extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return { model, messages: [{ role: 'user', content: 'hi' }], ...extra };
}

function request(model: string, overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  const route = routeModel(model);
  return {
    provider: route.provider,
    baseURL: localBase(route.provider),
    apiKey: 'test-key-123456',
    body: chat(model),
    upstreamModel: route.upstreamModel,
    ...overrides,
  };
}

async function readItems(result: UpstreamChatResult): Promise<ChatStreamItem[]> {
  if (result.kind !== 'stream') throw new Error(`expected a stream, got ${result.kind}`);
  const source: ChunkSource<ChatStreamItem> = result.items;
  const items: ChatStreamItem[] = [];
  for (let next = await source.read(); !next.done; next = await source.read())
    items.push(next.value);
  return items;
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

function last(): Captured {
  const c = captured.at(-1);
  if (!c) throw new Error('no request reached the server');
  return c;
}

const openAIWire = PROVIDERS.filter((p) => p.wire === 'openai');

describe('callUpstreamChat (OpenAI wire)', () => {
  it.each(openAIWire.map((p) => [p.id, p] as const))(
    '%s: path, auth, fixed headers and model',
    async (_id, provider) => {
      const model = `${provider.id}/some-model`;
      const res = await callUpstreamChat(request(model));
      expect(res.kind).toBe('json');
      const got = last();
      expect(got.method).toBe('POST');
      expect(got.path).toBe(
        new URL(provider.defaultBaseURL).pathname.replace(/\/$/, '') + provider.chatPath,
      );
      expect(got.headers['content-type']).toBe('application/json');
      if (provider.auth === 'api-key') {
        expect(got.headers['api-key']).toBe('test-key-123456');
        expect(got.headers.authorization).toBeUndefined();
      } else if (provider.auth === 'cf-aig') {
        expect(got.headers['cf-aig-authorization']).toBe('Bearer test-key-123456');
        expect(got.headers.authorization).toBeUndefined();
      } else {
        expect(got.headers.authorization).toBe('Bearer test-key-123456');
        expect(got.headers['api-key']).toBeUndefined();
      }
      const sent = JSON.parse(got.body);
      expect(sent.model).toBe(provider.id === 'kimi' ? 'kimi-for-coding' : 'some-model');
      expect(sent.messages).toEqual([{ role: 'user', content: 'hi' }]);
      if (provider.id === 'kimi') expect(got.headers['user-agent']).toBe('KimiCLI/1.3');
    },
  );

  it('covers every provider of the table in this file', () => {
    expect(openAIWire).toHaveLength(14);
    expect(PROVIDERS.filter((p) => p.wire === 'anthropic').map((p) => p.id)).toEqual(['anthropic']);
  });

  it('calls OpenAI at /v1/chat/completions', async () => {
    await callUpstreamChat(request('gpt-4o-mini', { baseURL: origin }));
    expect(last().path).toBe('/v1/chat/completions');
  });

  it('forwards the raw bytes when nothing needs to change', async () => {
    const rawBody =
      '{ "messages":[{"role":"user","content":"hi"}],  "model":"gpt-4o-mini" , "x":1}';
    await callUpstreamChat(request('gpt-4o-mini', { body: chat('gpt-4o-mini'), rawBody }));
    expect(last().body).toBe(rawBody);
  });

  it('forwards raw bytes for Kimi when the client already asked for kimi-for-coding', async () => {
    const rawBody = '{"model":"kimi-for-coding","messages":[{"role":"user","content":"hi"}]}';
    await callUpstreamChat(request('kimi-for-coding', { body: chat('kimi-for-coding'), rawBody }));
    expect(last().body).toBe(rawBody);
    expect(last().headers['user-agent']).toBe('KimiCLI/1.3');
  });

  it('re-serializes with the upstream model when the model changes, keeping unknown fields', async () => {
    const body = { ...chat('kimi-k2'), temperature: 0.2, vendor_extra: { a: 1 } };
    await callUpstreamChat(request('kimi-k2', { body, rawBody: JSON.stringify(body) }));
    expect(JSON.parse(last().body)).toEqual({ ...body, model: 'kimi-for-coding' });

    const forced = chat('openrouter/meta-llama/llama-3');
    await callUpstreamChat(
      request('openrouter/meta-llama/llama-3', { body: forced, rawBody: JSON.stringify(forced) }),
    );
    expect(JSON.parse(last().body).model).toBe('meta-llama/llama-3');
  });

  it('adds stream_options.include_usage to streams that lack it', async () => {
    const body = chat('gpt-4o-mini', { stream: true });
    await callUpstreamChat(request('gpt-4o-mini', { body, rawBody: JSON.stringify(body) }));
    expect(JSON.parse(last().body)).toEqual({ ...body, stream_options: { include_usage: true } });

    const off = chat('gpt-4o-mini', { stream: true, stream_options: { include_usage: false } });
    await callUpstreamChat(request('gpt-4o-mini', { body: off, rawBody: JSON.stringify(off) }));
    expect(JSON.parse(last().body).stream_options).toEqual({ include_usage: true });
  });

  it('keeps other stream_options when adding include_usage', async () => {
    const body = chat('gpt-4o-mini', {
      stream: true,
      stream_options: { include_obfuscation: false } as ChatCompletionRequest['stream_options'],
    });
    await callUpstreamChat(request('gpt-4o-mini', { body }));
    expect(JSON.parse(last().body).stream_options).toEqual({
      include_obfuscation: false,
      include_usage: true,
    });
  });

  it('adds the usage option to the client bytes of a stream, the rest untouched', async () => {
    // Spacing, key order and escapes a re-serialisation would change.
    const rawBody =
      ' {\n  "messages": [{"role":"user","content":"caf\\u00e9 \\"q\\""}],\n  "model": "gpt-4o-mini", "stream": true }';
    const body = JSON.parse(rawBody) as ChatCompletionRequest;
    await callUpstreamChat(request('gpt-4o-mini', { body, rawBody }));
    expect(last().body).toBe(
      ' {"stream_options":{"include_usage":true},\n  "messages": [{"role":"user","content":"caf\\u00e9 \\"q\\""}],\n  "model": "gpt-4o-mini", "stream": true }',
    );
    expect(JSON.parse(last().body)).toEqual({ ...body, stream_options: { include_usage: true } });
  });

  it('forwards raw bytes of a stream that already asks for usage', async () => {
    const rawBody =
      '{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}';
    const body = JSON.parse(rawBody) as ChatCompletionRequest;
    await callUpstreamChat(request('gpt-4o-mini', { body, rawBody }));
    expect(last().body).toBe(rawBody);
  });

  it('does not add stream_options to non-streaming requests', async () => {
    await callUpstreamChat(
      request('gpt-4o-mini', { body: chat('gpt-4o-mini', { stream: false }) }),
    );
    expect(JSON.parse(last().body).stream_options).toBeUndefined();
  });

  it('drops stream_options for Mistral, which always reports usage and rejects the option', async () => {
    const body = chat('mistral/mistral-large-latest', {
      stream: true,
      stream_options: { include_usage: true },
    });
    await callUpstreamChat(request('mistral/mistral-large-latest', { body }));
    const sent = JSON.parse(last().body);
    expect(sent.stream_options).toBeUndefined();
    expect(sent.stream).toBe(true);
  });

  it('lets fixed headers and auth win over caller headers', async () => {
    await callUpstreamChat(
      request('kimi-for-coding', {
        headers: { 'user-agent': 'curl/8', authorization: 'Bearer client', 'x-trace': 't1' },
      }),
    );
    expect(last().headers['user-agent']).toBe('KimiCLI/1.3');
    expect(last().headers.authorization).toBe('Bearer test-key-123456');
    expect(last().headers['x-trace']).toBe('t1');
  });

  it('sends no auth header without a key', async () => {
    await callUpstreamChat(request('gpt-4o-mini', { apiKey: undefined }));
    expect(last().headers.authorization).toBeUndefined();
  });

  it('answers a completion with its JSON text, as the upstream sent it', async () => {
    const sent = `${JSON.stringify(COMPLETION)}\n`;
    reply = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(sent);
    const result = await callUpstreamChat(request('gpt-4o-mini'));
    if (result.kind !== 'json') throw new Error('expected a completion');
    expect(result.text).toBe(sent);
    expect(result.completion).toEqual(COMPLETION);
  });

  it('throws an UpstreamHttpError with the upstream status, headers and own message', async () => {
    reply = (res) =>
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' })
        .end('{"error":{"message":"slow down"}}');
    const error = await failureOf(callUpstreamChat(request('gpt-4o-mini')));
    expect(UpstreamHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, message: 'slow down', provider: 'openai' });
    expect((error as UpstreamHttpError).headers['retry-after']).toBe('7');
  });

  it("keeps the upstream's type, code and param of an OpenAI-shaped error", async () => {
    reply = (res) =>
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: {
            message: 'too long',
            type: 'invalid_request_error',
            code: 'context_length_exceeded',
            param: 'messages',
          },
        }),
      );
    const error = await failureOf(callUpstreamChat(request('gpt-4o-mini')));
    expect(error).toMatchObject({
      status: 400,
      message: 'too long',
      provider: 'openai',
      upstreamType: 'invalid_request_error',
      upstreamCode: 'context_length_exceeded',
      param: 'messages',
    });
  });

  it('redacts the key from the error an upstream echoes it in', async () => {
    reply = (res) =>
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":{"message":"Incorrect API key provided: test-key-123456"}}');
    const error = await failureOf(callUpstreamChat(request('gpt-4o-mini')));
    expect((error as Error).message).toBe('Incorrect API key provided: [REDACTED]');
    expect(JSON.stringify((error as UpstreamHttpError).body)).not.toContain('test-key-123456');
  });

  it('uses the body text as the message of a non-JSON error, with the provider apart', async () => {
    reply = (res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
    const error = await failureOf(callUpstreamChat(request('groq/llama')));
    expect(error).toMatchObject({
      status: 502,
      message: '<html>bad gateway</html>',
      provider: 'groq',
    });
  });

  it('treats an unusable 2xx as a bad gateway (502): not JSON, or no choices', async () => {
    reply = (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
    const notJSON = await failureOf(callUpstreamChat(request('gpt-4o-mini')));
    expect(UpstreamHttpError.isInstance(notJSON)).toBe(true);
    expect(notJSON).toMatchObject({ status: 502, provider: 'openai' });
    expect((notJSON as Error).message).toContain('not JSON');

    reply = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    const noChoices = await failureOf(callUpstreamChat(request('gpt-4o-mini')));
    expect(noChoices).toMatchObject({ status: 502, provider: 'openai' });
    expect((noChoices as Error).message).toContain('no choices');
  });

  it('refuses an answer larger than maxResponseBytes (502), declared or chunked', async () => {
    const big = JSON.stringify({ ...COMPLETION, padding: 'x'.repeat(4096) });
    reply = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(big);
    const declared = await failureOf(
      callUpstreamChat(request('gpt-4o-mini', { maxResponseBytes: 1024 })),
    );
    expect(declared).toMatchObject({ status: 502, code: 'response_too_large', provider: 'openai' });

    reply = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no content-length
      res.write(big.slice(0, 2000));
      setTimeout(() => res.end(big.slice(2000)), 5);
    };
    const chunked = await failureOf(
      callUpstreamChat(request('gpt-4o-mini', { maxResponseBytes: 1024 })),
    );
    expect(chunked).toMatchObject({ status: 502, code: 'response_too_large' });

    const fits = await callUpstreamChat(request('gpt-4o-mini', { maxResponseBytes: 8192 }));
    expect(fits.kind).toBe('json');
  });

  it("reads the body from the answer's own reader when it offers one (BODY_READER)", async () => {
    let ownReads = 0;
    // A transport whose answers offer their bytes without a web stream (as the Node one does).
    const ownFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const reader = response.body!.getReader();
      return Object.assign(response, {
        [BODY_READER]: (): ByteReader => ({
          read: () => {
            ownReads += 1;
            return reader.read();
          },
          cancel: (reason) => reader.cancel(reason),
        }),
      });
    };
    const json = await callUpstreamChat(request('gpt-4o-mini', { fetch: ownFetch }));
    expect(json.kind === 'json' && json.completion.choices[0]?.message.content).toBe('ok');
    expect(ownReads).toBeGreaterThan(0);

    const big = JSON.stringify({ ...COMPLETION, padding: 'x'.repeat(4096) });
    reply = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(big);
    const tooBig = await failureOf(
      callUpstreamChat(request('gpt-4o-mini', { fetch: ownFetch, maxResponseBytes: 1024 })),
    );
    expect(tooBig).toMatchObject({ status: 502, code: 'response_too_large' });

    reply = defaultReply;
    ownReads = 0;
    const streamed = await callUpstreamChat(
      request('gpt-4o-mini', { fetch: ownFetch, body: { ...chat('gpt-4o-mini'), stream: true } }),
    );
    expect((await readItems(streamed)).length).toBeGreaterThan(0);
    expect(ownReads).toBeGreaterThan(0);
  });

  it('streams the upstream events as chat items', async () => {
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"a":1}\n\n: keep-alive\n\n');
      setTimeout(
        () => res.end('data: {"error":{"message":"boom","code":"x"}}\n\ndata: [DONE]\n\n'),
        10,
      );
    };
    const items = await readItems(
      await callUpstreamChat(
        request('gpt-4o-mini', { body: chat('gpt-4o-mini', { stream: true }) }),
      ),
    );
    expect(items.map((item) => item.data)).toEqual([
      '{"a":1}',
      '{"error":{"message":"boom","code":"x"}}',
      '[DONE]',
    ]);
    expect(items[1]?.error).toMatchObject({
      message: 'boom',
      upstreamCode: 'x',
      provider: 'openai',
    });
    expect(items[2]?.isDone).toBe(true);
  });

  it('uses the injected fetch and passes the signal', async () => {
    const controller = new AbortController();
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(COMPLETION)));
    await callUpstreamChat(
      request('gpt-4o-mini', {
        baseURL: 'https://api.openai.com/',
        fetch: fetchMock as unknown as typeof fetch,
        signal: controller.signal,
      }),
    );
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://api.openai.com/v1/chat/completions');
    expect(init.signal).toBe(controller.signal);
  });

  it('never puts the API key in an error message', async () => {
    const apiKey = 'sk-secret-value-1234\n';
    const error = await callUpstreamChat(request('gpt-4o-mini', { apiKey })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).not.toContain('sk-secret-value-1234');
    expect((error as Error).message).toContain('OpenAI');
    expect(captured).toHaveLength(0);
  });
});

describe('callUpstreamChat (Anthropic wire)', () => {
  it('calls Anthropic Messages with the upstream model and the Anthropic headers', async () => {
    const controller = new AbortController();
    const seen: RequestInit[] = [];
    const fetchImpl: typeof fetch = (input, init) => {
      if (init) seen.push(init);
      return fetch(input, init);
    };
    const body = chat('anthropic/claude-sonnet-4-5', { max_tokens: 50 });
    const result = await callUpstreamChat(
      request('anthropic/claude-sonnet-4-5', {
        body,
        rawBody: JSON.stringify(body),
        signal: controller.signal,
        fetch: fetchImpl,
        headers: { 'x-trace': 't1' },
      }),
    );
    expect(last().path).toBe('/v1/messages');
    expect(last().headers).toMatchObject({
      'x-api-key': 'test-key-123456',
      'anthropic-version': '2023-06-01',
      'x-trace': 't1',
    });
    expect(last().headers.authorization).toBeUndefined();
    // Converted, never the client's raw bytes.
    expect(JSON.parse(last().body)).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 50 });
    expect(seen[0]?.signal).toBe(controller.signal);
    if (result.kind !== 'json') throw new Error('expected a completion');
    expect(result.completion).toMatchObject({
      object: 'chat.completion',
      model: 'claude-sonnet-4-5',
      choices: [{ message: { content: 'Hi! My name is Claude.' } }],
    });
  });

  it('always reports stream usage, as the OpenAI wire is asked to', async () => {
    const items = await readItems(
      await callUpstreamChat(
        request('claude-sonnet-4-5', { body: chat('claude-sonnet-4-5', { stream: true }) }),
      ),
    );
    expect(JSON.parse(last().body).stream).toBe(true);
    expect(items.at(-1)?.isDone).toBe(true);
    expect(items.at(-2)?.chunk).toMatchObject({ choices: [], usage: { prompt_tokens: 25 } });
  });

  it('throws an UpstreamHttpError for an Anthropic error answer', async () => {
    reply = (res) =>
      res
        .writeHead(529, { 'content-type': 'application/json' })
        .end('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    const error = await failureOf(callUpstreamChat(request('claude-sonnet-4-5')));
    expect(error).toMatchObject({
      status: 529,
      provider: 'anthropic',
      message: 'Overloaded',
      upstreamCode: 'overloaded',
    });
  });
});
