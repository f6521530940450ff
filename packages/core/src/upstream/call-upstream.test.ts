import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getProvider, PROVIDERS, type ProviderSpec } from '../catalog/providers';
import { routeModel } from '../catalog/route-model';
import type { ChatCompletionRequest } from '../wire/openai-chat';
import { callAnthropic } from './anthropic-upstream';
import { callUpstream, type UpstreamRequest } from './call-upstream';

vi.mock('./anthropic-upstream', () => ({
  callAnthropic: vi.fn(async () => new Response('{"from":"anthropic"}', { status: 200 })),
}));

interface Captured {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

// A real HTTP server, so paths, headers and bytes are checked as they arrive on the wire.
let captured: Captured[] = [];
let reply: (res: ServerResponse) => void = defaultReply;
let origin = '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    captured.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    reply(res);
  });
});

function defaultReply(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  captured = [];
  reply = defaultReply;
  vi.mocked(callAnthropic).mockClear();
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

function last(): Captured {
  const c = captured.at(-1);
  if (!c) throw new Error('no request reached the server');
  return c;
}

const openAIWire = PROVIDERS.filter((p) => p.wire === 'openai');

describe('callUpstream (OpenAI wire)', () => {
  it.each(openAIWire.map((p) => [p.id, p] as const))(
    '%s: path, auth, fixed headers and model',
    async (_id, provider) => {
      const model = `${provider.id}/some-model`;
      const res = await callUpstream(request(model));
      expect(res.status).toBe(200);
      const got = last();
      expect(got.method).toBe('POST');
      expect(got.path).toBe(
        new URL(provider.defaultBaseURL).pathname.replace(/\/$/, '') + provider.chatPath,
      );
      expect(got.headers['content-type']).toBe('application/json');
      if (provider.auth === 'api-key') {
        expect(got.headers['api-key']).toBe('test-key-123456');
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
    expect(openAIWire).toHaveLength(13);
    expect(PROVIDERS.filter((p) => p.wire === 'anthropic').map((p) => p.id)).toEqual(['anthropic']);
  });

  it('calls OpenAI at /v1/chat/completions', async () => {
    await callUpstream(request('gpt-4o-mini', { baseURL: origin }));
    expect(last().path).toBe('/v1/chat/completions');
  });

  it('forwards the raw bytes when nothing needs to change', async () => {
    const rawBody =
      '{ "messages":[{"role":"user","content":"hi"}],  "model":"gpt-4o-mini" , "x":1}';
    await callUpstream(request('gpt-4o-mini', { body: chat('gpt-4o-mini'), rawBody }));
    expect(last().body).toBe(rawBody);
  });

  it('forwards raw bytes for Kimi when the client already asked for kimi-for-coding', async () => {
    const rawBody = '{"model":"kimi-for-coding","messages":[{"role":"user","content":"hi"}]}';
    await callUpstream(request('kimi-for-coding', { body: chat('kimi-for-coding'), rawBody }));
    expect(last().body).toBe(rawBody);
    expect(last().headers['user-agent']).toBe('KimiCLI/1.3');
  });

  it('re-serializes with the upstream model when the model changes, keeping unknown fields', async () => {
    const body = { ...chat('kimi-k2'), temperature: 0.2, vendor_extra: { a: 1 } };
    await callUpstream(request('kimi-k2', { body, rawBody: JSON.stringify(body) }));
    expect(JSON.parse(last().body)).toEqual({ ...body, model: 'kimi-for-coding' });

    const forced = chat('openrouter/meta-llama/llama-3');
    await callUpstream(
      request('openrouter/meta-llama/llama-3', { body: forced, rawBody: JSON.stringify(forced) }),
    );
    expect(JSON.parse(last().body).model).toBe('meta-llama/llama-3');
  });

  it('adds stream_options.include_usage to streams that lack it', async () => {
    const body = chat('gpt-4o-mini', { stream: true });
    await callUpstream(request('gpt-4o-mini', { body, rawBody: JSON.stringify(body) }));
    expect(JSON.parse(last().body)).toEqual({ ...body, stream_options: { include_usage: true } });

    const off = chat('gpt-4o-mini', { stream: true, stream_options: { include_usage: false } });
    await callUpstream(request('gpt-4o-mini', { body: off, rawBody: JSON.stringify(off) }));
    expect(JSON.parse(last().body).stream_options).toEqual({ include_usage: true });
  });

  it('keeps other stream_options when adding include_usage', async () => {
    const body = chat('gpt-4o-mini', {
      stream: true,
      stream_options: { include_obfuscation: false } as ChatCompletionRequest['stream_options'],
    });
    await callUpstream(request('gpt-4o-mini', { body }));
    expect(JSON.parse(last().body).stream_options).toEqual({
      include_obfuscation: false,
      include_usage: true,
    });
  });

  it('forwards raw bytes of a stream that already asks for usage', async () => {
    const rawBody =
      '{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}';
    const body = JSON.parse(rawBody) as ChatCompletionRequest;
    await callUpstream(request('gpt-4o-mini', { body, rawBody }));
    expect(last().body).toBe(rawBody);
  });

  it('does not add stream_options to non-streaming requests', async () => {
    await callUpstream(request('gpt-4o-mini', { body: chat('gpt-4o-mini', { stream: false }) }));
    expect(JSON.parse(last().body).stream_options).toBeUndefined();
  });

  it('drops stream_options for Mistral, which always reports usage and rejects the option', async () => {
    const body = chat('mistral/mistral-large-latest', {
      stream: true,
      stream_options: { include_usage: true },
    });
    await callUpstream(request('mistral/mistral-large-latest', { body }));
    const sent = JSON.parse(last().body);
    expect(sent.stream_options).toBeUndefined();
    expect(sent.stream).toBe(true);
  });

  it('lets fixed headers and auth win over caller headers', async () => {
    await callUpstream(
      request('kimi-for-coding', {
        headers: { 'user-agent': 'curl/8', authorization: 'Bearer client', 'x-trace': 't1' },
      }),
    );
    expect(last().headers['user-agent']).toBe('KimiCLI/1.3');
    expect(last().headers.authorization).toBe('Bearer test-key-123456');
    expect(last().headers['x-trace']).toBe('t1');
  });

  it('sends no auth header without a key', async () => {
    await callUpstream(request('gpt-4o-mini', { apiKey: undefined }));
    expect(last().headers.authorization).toBeUndefined();
  });

  it('returns the upstream response unchanged, errors included', async () => {
    reply = (res) =>
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' })
        .end('{"error":{"message":"slow down"}}');
    const res = await callUpstream(request('gpt-4o-mini'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ error: { message: 'slow down' } });
  });

  it('streams the upstream body through', async () => {
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"a":1}\n\n');
      setTimeout(() => res.end('data: [DONE]\n\n'), 10);
    };
    const res = await callUpstream(
      request('gpt-4o-mini', { body: chat('gpt-4o-mini', { stream: true }) }),
    );
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(await res.text()).toBe('data: {"a":1}\n\ndata: [DONE]\n\n');
  });

  it('uses the injected fetch and passes the signal', async () => {
    const controller = new AbortController();
    const fetchMock = vi.fn(async () => new Response('ok'));
    await callUpstream(
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
    const error = await callUpstream(request('gpt-4o-mini', { apiKey })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).not.toContain('sk-secret-value-1234');
    expect((error as Error).message).toContain('OpenAI');
    expect(captured).toHaveLength(0);
  });
});

describe('callUpstream (Anthropic wire)', () => {
  it('delegates to callAnthropic with the upstream and reported models', async () => {
    const controller = new AbortController();
    const fetchImpl = vi.fn() as unknown as typeof fetch;
    const body = chat('anthropic/claude-sonnet-4-5', {
      stream: true,
      stream_options: { include_usage: true },
    });
    const res = await callUpstream(
      request('anthropic/claude-sonnet-4-5', {
        body,
        rawBody: JSON.stringify(body),
        signal: controller.signal,
        fetch: fetchImpl,
        headers: { 'x-trace': 't1' },
      }),
    );
    expect(await res.json()).toEqual({ from: 'anthropic' });
    expect(callAnthropic).toHaveBeenCalledWith({
      baseURL: localBase(getProvider('anthropic')),
      apiKey: 'test-key-123456',
      body,
      upstreamModel: 'claude-sonnet-4-5',
      reportModel: 'anthropic/claude-sonnet-4-5',
      signal: controller.signal,
      fetch: fetchImpl,
      headers: { 'x-trace': 't1' },
    });
    expect(captured).toHaveLength(0);
  });

  it('asks callAnthropic for stream usage too, and leaves non-streams alone', async () => {
    const stream = chat('claude-sonnet-4-5', { stream: true });
    await callUpstream(request('claude-sonnet-4-5', { body: stream }));
    expect(vi.mocked(callAnthropic).mock.calls[0]?.[0].body).toEqual({
      ...stream,
      stream_options: { include_usage: true },
    });
    const plain = chat('claude-sonnet-4-5');
    await callUpstream(request('claude-sonnet-4-5', { body: plain }));
    expect(vi.mocked(callAnthropic).mock.calls[1]?.[0].body).toBe(plain);
  });
});
