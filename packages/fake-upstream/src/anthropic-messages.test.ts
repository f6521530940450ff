import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './start-fake-upstream.js';
import { streamFail } from './stream-fail.js';

let upstream: FakeUpstream;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  client = new Anthropic({ baseURL: upstream.url, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const params = (content: string) => ({
  model: 'claude-haiku-4-5',
  max_tokens: 100,
  messages: [{ role: 'user' as const, content }],
});

describe('Anthropic messages (non-stream)', () => {
  it('echoes the last user message as a real message object', async () => {
    const message = await client.messages.create({
      ...params('ignored'),
      system: 'be brief',
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: 'hello' }] },
      ],
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [{ type: 'text', text: 'echo: hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);
    const request = upstream.requests[0]!;
    expect(request.kind).toBe('anthropic-messages');
    // SDK v1 sends the API key as a bearer token; x-api-key is also accepted.
    expect(request.headers.authorization).toBe('Bearer k');
    expect(request.headers['anthropic-version']).toBeTruthy();
  });

  it('returns tool_use blocks with parsed input and cache usage', async () => {
    upstream.enqueue({
      kind: 'reply',
      text: 'Let me check.',
      toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      usage: { input: 100, output: 20, cached: 60 },
    });
    const message = await client.messages.create(params('weather?'));
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(message.usage).toMatchObject({
      input_tokens: 40,
      cache_read_input_tokens: 60,
      cache_creation_input_tokens: 0,
      output_tokens: 20,
    });
  });

  it('maps OpenAI finish reasons to stop reasons', async () => {
    upstream.enqueue({ kind: 'reply', text: 'cut', finishReason: 'length' });
    const message = await client.messages.create(params('x'));
    expect(message.stop_reason).toBe('max_tokens');
  });
});

describe('Anthropic messages (stream)', () => {
  it('streams text and tool_use that MessageStream assembles, with final usage', async () => {
    upstream.enqueue({
      kind: 'reply',
      text: 'Let me check the weather.',
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' }],
      usage: { input: 12, output: 34 },
    });
    const stream = client.messages.stream(params('weather?'));
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Let me check the weather.');
    expect(texts.length).toBe(5);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]).toEqual({ type: 'text', text: 'Let me check the weather.' });
    expect(message.content[1]).toMatchObject({
      type: 'tool_use',
      name: 'get_weather',
      input: { city: 'Paris', unit: 'celsius' },
    });
    expect((message.content[1] as { id: string }).id).toMatch(/^toolu_/);
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 34 });
  });

  it('sends the documented event order on the wire', async () => {
    upstream.enqueue({ kind: 'reply', text: 'hi there', reasoning: 'think' });
    const res = await fetch(`${upstream.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ ...params('x'), stream: true }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(text).toContain('"thinking_delta"');
    expect(text).toContain('"signature_delta"');
  });

  it('exposes thinking through the SDK', async () => {
    upstream.enqueue({ kind: 'reply', text: 'answer', reasoning: 'deep thought' });
    const message = await client.messages.stream(params('x')).finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: 'deep thought' });
    expect(message.content[1]).toEqual({ type: 'text', text: 'answer' });
  });

  it('surfaces a mid-stream error event as an overloaded APIError', async () => {
    upstream.enqueue(streamFail('partial', 'error-event'));
    const stream = client.messages.stream(params('x'));
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as APIError).error).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    expect(texts.join('')).toBe('partial');
  });
  it('breaks the connection mid-stream for stream-fail drop', async () => {
    upstream.enqueue(streamFail('partial', 'drop'));
    const stream = client.messages.stream(params('x'));
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(Anthropic.APIUserAbortError);
    expect(texts.join('')).toBe('partial');
  });
});

describe('Anthropic errors', () => {
  it('surfaces 529 as an APIError with status 529 and overloaded_error', async () => {
    upstream.enqueue({ kind: 'error', status: 529 });
    const error = await client.messages.create(params('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as APIError;
    expect(apiError.status).toBe(529);
    expect(apiError.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(apiError.requestID).toMatch(/^req_/);
  });

  it('maps 429 with retry-after to RateLimitError', async () => {
    upstream.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '3' } });
    const error = await client.messages.create(params('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as APIError).headers?.get('retry-after')).toBe('3');
  });

  it('requires an API key and anthropic-version before consuming the queue', async () => {
    upstream.enqueue({ kind: 'reply', text: 'queued' });
    const body = JSON.stringify(params('x'));
    const url = `${upstream.url}/v1/messages`;
    const noKey = await fetch(url, { method: 'POST', headers: { 'anthropic-version': '1' }, body });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
    const noVersion = await fetch(url, { method: 'POST', headers: { 'x-api-key': 'k' }, body });
    expect(noVersion.status).toBe(400);
    expect((await noVersion.json()).error.type).toBe('invalid_request_error');
    const withKey = await fetch(url, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body,
    });
    expect(withKey.status).toBe(200);
    expect((await withKey.json()).content).toEqual([{ type: 'text', text: 'queued' }]);
  });
});
