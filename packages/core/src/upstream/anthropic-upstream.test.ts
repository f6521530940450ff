import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getProvider } from '../catalog/providers';
import { probeChatItem } from '../chat/chat-stream-items';
import type { ChunkSource } from '../engine/commit-stream';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import type { AnthropicStreamEvent } from '../wire/anthropic/anthropic-messages-api';
import {
  overloadedErrorEvent,
  parallelToolStreamEvents,
  textMessage,
  textStreamEvents,
  toAnthropicSSE,
} from '../wire/anthropic/fixtures/anthropic-docs-fixtures';
import type { ChatStreamItem } from '../wire/chat-stream-item';
import type { ChatCompletionRequest } from '../wire/openai-chat';
import { SSE_DONE } from '../wire/sse';
import { callAnthropic } from './anthropic-upstream';
import type { UpstreamChatResult } from './call-upstream';
import { BODY_READER, type ByteReader } from './read-sse';

const API_KEY = 'sk-ant-api03-test-key-000000000000';

interface Received {
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

type Scenario = (res: import('node:http').ServerResponse) => void;

function sse(events: AnthropicStreamEvent[]): Scenario {
  return (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_stream' });
    res.end(toAnthropicSSE(events));
  };
}

// The upstream model name picks what the fake Anthropic server answers.
const scenarios: Record<string, Scenario> = {
  text: (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_text' });
    res.end(JSON.stringify(textMessage));
  },
  'text-stream': sse(textStreamEvents),
  'tool-stream': sse(parallelToolStreamEvents),
  'error-after-content': sse([...textStreamEvents.slice(0, 4), overloadedErrorEvent]),
  'error-before-content': sse([...textStreamEvents.slice(0, 3), overloadedErrorEvent]),
  'truncated-stream': sse(textStreamEvents.slice(0, 4)),
  'rate-limited': (res) => {
    res.writeHead(429, {
      'content-type': 'application/json',
      'retry-after': '17',
      'request-id': 'req_011CSHoEeqs5C35K2UUqR7Fy',
    });
    res.end(
      JSON.stringify({
        type: 'error',
        error: { type: 'rate_limit_error', message: `Slow down, key ${API_KEY}` },
        request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy',
      }),
    );
  },
  'bad-gateway': (res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html>502 Bad Gateway</html>');
  },
  'not-a-message': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>proxy login</html>');
  },
  'large-message': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...textMessage, padding: 'x'.repeat(4096) }));
  },
};

let server: Server;
let baseURL: string;
let received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (piece: Buffer) => {
      raw += piece.toString();
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ url: req.url, headers: req.headers, body });
      const scenario = scenarios[body.model as string];
      if (scenario === undefined) {
        res.writeHead(404).end();
        return;
      }
      scenario(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
});

function call(
  upstreamModel: string,
  body: Partial<ChatCompletionRequest> = {},
  maxResponseBytes?: number,
) {
  return callAnthropic({
    provider: getProvider('anthropic'),
    baseURL,
    apiKey: API_KEY,
    upstreamModel,
    body: { model: 'anthropic/claude', messages: [{ role: 'user', content: 'Hello' }], ...body },
    headers: { 'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14', 'x-api-key': 'nope' },
    maxResponseBytes,
  });
}

function itemsOf(result: UpstreamChatResult): ChunkSource<ChatStreamItem> {
  if (result.kind !== 'stream') throw new Error(`expected a stream, got ${result.kind}`);
  return result.items;
}

/** Reads items to their end; `failure` is what ended them early, if anything did. */
async function readItems(
  result: UpstreamChatResult,
): Promise<{ items: ChatStreamItem[]; data: string[]; failure: unknown }> {
  const source = itemsOf(result);
  const items: ChatStreamItem[] = [];
  let failure: unknown;
  try {
    while (true) {
      const next = await source.read();
      if (next.done) break;
      items.push(next.value);
    }
  } catch (error) {
    failure = error;
  }
  return { items, data: items.map((item) => item.data), failure };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('callAnthropic', () => {
  it('sends a Messages request with the Anthropic headers', async () => {
    await call('text', { max_tokens: 100 });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.url).toBe('/v1/messages');
    expect(request?.headers).toMatchObject({
      'x-api-key': API_KEY,
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14',
      'content-type': 'application/json',
    });
    expect(request?.body).toEqual({
      model: 'text',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    });
  });

  it('answers a non-streaming request with a chat.completion of the model that answered', async () => {
    const result = await call('text');
    if (result.kind !== 'json') throw new Error('expected a completion');
    const expected = {
      id: textMessage.id,
      object: 'chat.completion',
      model: 'text',
      choices: [{ message: { role: 'assistant', content: 'Hi! My name is Claude.' } }],
      usage: { prompt_tokens: 2095, completion_tokens: 503, total_tokens: 2598 },
    };
    expect(result.completion).toMatchObject(expected);
    expect(JSON.parse(result.text)).toEqual(result.completion);
  });

  it('streams chat.completion.chunk items ending in [DONE], always with the usage chunk', async () => {
    const { data, failure } = await readItems(await call('text-stream', { stream: true }));
    expect(failure).toBeUndefined();
    expect(received[0]?.body.stream).toBe(true);
    expect(data.at(-1)).toBe(SSE_DONE);
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line));
    expect(chunks.slice(0, -1).map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hello' },
      { content: '!' },
      {},
    ]);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.every((chunk) => chunk.model === 'text-stream')).toBe(true);
    // The gateway needs usage; it hides the chunk from clients that did not ask for it.
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 25 } });
  });

  it("streams from the answer's own reader when it offers one (BODY_READER, the Node path)", async () => {
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
    const result = await callAnthropic({
      provider: getProvider('anthropic'),
      baseURL,
      apiKey: API_KEY,
      upstreamModel: 'text-stream',
      body: {
        model: 'anthropic/claude',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      },
      fetch: ownFetch,
    });
    const { data, failure } = await readItems(result);
    expect(failure).toBeUndefined();
    expect(ownReads).toBeGreaterThan(0);
    expect(data.at(-1)).toBe(SSE_DONE);
    expect(data.slice(0, -1).map((line) => JSON.parse(line).choices[0]?.delta?.content)).toContain(
      'Hello',
    );
  });

  it('numbers parallel tool calls and reports usage', async () => {
    const { data } = await readItems(
      await call('tool-stream', { stream: true, stream_options: { include_usage: true } }),
    );
    expect(data.at(-1)).toBe(SSE_DONE);
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line));
    const toolIndexes = chunks.flatMap((chunk) =>
      (chunk.choices[0]?.delta.tool_calls ?? []).map((call: { index: number }) => call.index),
    );
    expect(toolIndexes).toEqual([0, 0, 0, 1, 1]);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 572, completion_tokens: 89, total_tokens: 661 },
    });
  });

  it('passes a mid-stream error on as an OpenAI error item, and ends without [DONE]', async () => {
    const { items, data, failure } = await readItems(
      await call('error-after-content', { stream: true }),
    );
    expect(failure).toBeUndefined();
    expect(data.slice(0, 2).map((line) => JSON.parse(line).choices[0].delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hello' },
    ]);
    expect(JSON.parse(data.at(-1)!)).toEqual({
      error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded' },
    });
    expect(data).not.toContain(SSE_DONE);
    const error = items.at(-1)?.error;
    expect(UpstreamHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 529,
      provider: 'anthropic',
      upstreamType: 'server_error',
      upstreamCode: 'overloaded',
      message: 'Overloaded',
    });
  });

  it('turns an error before any content into an error the caller can fail over on', async () => {
    const { items } = await readItems(await call('error-before-content', { stream: true }));
    const probes = items.map(probeChatItem);
    const first = probes.findIndex((p) => p !== undefined);
    expect(probes[first]?.type).toBe('error');
    const error = (probes[first] as { error: unknown }).error;
    // Anthropic's status for overloaded_error: retried, then the next target.
    expect(error).toMatchObject({ status: 529, upstreamCode: 'overloaded' });
  });

  it('fails reading a stream cut off before message_stop, after what arrived', async () => {
    const { data, failure } = await readItems(await call('truncated-stream', { stream: true }));
    expect(data.map((line) => JSON.parse(line).choices[0].delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hello' },
    ]);
    expect((failure as Error).message).toMatch(/message_stop/);
    expect(data).not.toContain(SSE_DONE);
  });

  it('throws upstream errors with their status, headers and OpenAI type, without the key', async () => {
    const error = await failureOf(call('rate-limited'));
    expect(UpstreamHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      provider: 'anthropic',
      message: 'Slow down, key [REDACTED]',
      upstreamType: 'rate_limit_error',
      upstreamCode: 'rate_limit_exceeded',
    });
    const { headers } = error as UpstreamHttpError;
    expect(headers['retry-after']).toBe('17');
    expect(headers['request-id']).toBe('req_011CSHoEeqs5C35K2UUqR7Fy');
    expect(JSON.stringify((error as UpstreamHttpError).body)).not.toContain(API_KEY);
  });

  it('maps non-JSON upstream errors', async () => {
    const error = await failureOf(call('bad-gateway', { stream: true }));
    expect(error).toMatchObject({
      status: 502,
      provider: 'anthropic',
      upstreamType: 'server_error',
    });
  });

  it('treats a 2xx that is not a Messages response as a bad gateway (502)', async () => {
    const error = await failureOf(call('not-a-message'));
    expect(UpstreamHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 502, provider: 'anthropic' });
  });

  it('refuses an answer larger than maxResponseBytes (502)', async () => {
    await expect(call('large-message', {}, 1024)).rejects.toMatchObject({
      status: 502,
      code: 'response_too_large',
    });
    const result = await call('large-message', {}, 64 * 1024);
    expect(result.kind).toBe('json');
  });

  it('rejects requests that cannot be converted, before calling upstream', async () => {
    await expect(call('text', { n: 3 })).rejects.toMatchObject({ name: 'WireConversionError' });
    expect(received).toHaveLength(0);
  });
});
