import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../wire/anthropic/anthropic-messages-api';
import {
  overloadedErrorEvent,
  parallelToolStreamEvents,
  textMessage,
  textStreamEvents,
  toAnthropicSSE,
} from '../wire/anthropic/fixtures/anthropic-docs-fixtures';
import { collect } from '../wire/fixtures/streams';
import type { ChatCompletionRequest } from '../wire/openai-chat';
import { parseSSEStream, SSE_DONE } from '../wire/sse';
import { callAnthropic } from './anthropic-upstream';

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

function call(upstreamModel: string, body: Partial<ChatCompletionRequest> = {}) {
  return callAnthropic({
    baseURL,
    apiKey: API_KEY,
    upstreamModel,
    body: { model: 'anthropic/claude', messages: [{ role: 'user', content: 'Hello' }], ...body },
    headers: { 'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14', 'x-api-key': 'nope' },
  });
}

async function readEvents(response: Response): Promise<string[]> {
  const events = await collect(parseSSEStream(response.body!));
  return events.map((event) => event.data);
}

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

  it('answers a non-streaming request with a chat.completion', async () => {
    const response = await call('text');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('request-id')).toBe('req_text');
    expect(await response.json()).toMatchObject({
      id: textMessage.id,
      object: 'chat.completion',
      model: 'anthropic/claude',
      choices: [{ message: { role: 'assistant', content: 'Hi! My name is Claude.' } }],
      usage: { prompt_tokens: 2095, completion_tokens: 503, total_tokens: 2598 },
    });
  });

  it('streams chat.completion.chunks ending in [DONE], without usage unless asked', async () => {
    const response = await call('text-stream', { stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(received[0]?.body.stream).toBe(true);
    const data = await readEvents(response);
    expect(data.at(-1)).toBe(SSE_DONE);
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hello' },
      { content: '!' },
      {},
    ]);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it('adds the usage chunk with include_usage', async () => {
    const response = await call('tool-stream', {
      stream: true,
      stream_options: { include_usage: true },
    });
    const data = await readEvents(response);
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

  it('passes a mid-stream error on as an OpenAI error event, without [DONE]', async () => {
    const response = await call('error-after-content', { stream: true });
    expect(response.status).toBe(200);
    const data = await readEvents(response);
    expect(data.slice(0, 2).map((line) => JSON.parse(line).choices[0].delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hello' },
    ]);
    expect(JSON.parse(data.at(-1)!)).toEqual({
      error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded' },
    });
    expect(data).not.toContain(SSE_DONE);
  });

  it('turns an error before any content into an error status the caller can fail over on', async () => {
    const response = await call('error-before-content', { stream: true });
    expect(response.status).toBe(529);
    expect(await response.json()).toEqual({
      error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded' },
    });
  });

  it('ends a truncated stream with an error event', async () => {
    const response = await call('truncated-stream', { stream: true });
    const data = await readEvents(response);
    expect(JSON.parse(data.at(-1)!).error).toMatchObject({ type: 'server_error' });
    expect(data).not.toContain(SSE_DONE);
  });

  it('returns upstream errors with their status, OpenAI-shaped, without the key', async () => {
    const response = await call('rate-limited');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('17');
    expect(response.headers.get('request-id')).toBe('req_011CSHoEeqs5C35K2UUqR7Fy');
    const body = await response.json();
    expect(body).toEqual({
      error: {
        message: 'Slow down, key [REDACTED]',
        type: 'rate_limit_error',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
  });

  it('maps non-JSON upstream errors', async () => {
    const response = await call('bad-gateway', { stream: true });
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({ type: 'server_error' });
  });

  it('rejects requests that cannot be converted, before calling upstream', async () => {
    await expect(call('text', { n: 3 })).rejects.toMatchObject({ name: 'WireConversionError' });
    expect(received).toHaveLength(0);
  });
});
