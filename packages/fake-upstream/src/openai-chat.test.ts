import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './start-fake-upstream.js';
import { streamFail } from './stream-fail.js';

let upstream: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const user = (content: string) => [{ role: 'user' as const, content }];

describe('OpenAI chat completions (non-stream)', () => {
  it('echoes the last user message with realistic fields', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hello' },
            { type: 'text', text: 'there' },
          ],
        },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'echo: hello there',
      refusal: null,
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
    expect(upstream.requests[0]).toMatchObject({
      kind: 'openai-chat',
      path: '/v1/chat/completions',
      method: 'POST',
    });
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer k');
  });

  it('returns tool calls with null content and the given usage', async () => {
    upstream.enqueue({
      kind: 'reply',
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      usage: { input: 10, output: 5, cached: 4, reasoning: 2 },
    });
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: user('weather?'),
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: 'call_1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
    ]);
    expect(completion.usage).toMatchObject({
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
  });

  it('omits usage when the behaviour says usage: false', async () => {
    upstream.enqueue({ kind: 'reply', text: 'hi', usage: false, finishReason: 'length' });
    const completion = await client.chat.completions.create({ model: 'm', messages: user('x') });
    expect(completion.usage).toBeUndefined();
    expect(completion.choices[0]?.finish_reason).toBe('length');
  });
});

describe('OpenAI chat completions (stream)', () => {
  it('streams word deltas, a finish chunk and a usage chunk with include_usage', async () => {
    upstream.enqueue({ kind: 'reply', text: 'one two three', usage: { input: 3, output: 3 } });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: user('count'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant', content: '' });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('one two three');
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBe(3);
    const finish = chunks.at(-2)!;
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
    expect(
      chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0]?.id),
    ).toBe(true);
  });

  it('sends no usage chunk without include_usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: user('hi'),
      stream: true,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
  });

  it('splits text into the requested number of chunks', async () => {
    upstream.enqueue({ kind: 'reply', text: 'abcdefghij', chunks: 4 });
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: user('x'),
      stream: true,
    });
    const pieces: string[] = [];
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) pieces.push(content);
    }
    expect(pieces).toEqual(['abc', 'def', 'gh', 'ij']);
  });

  it('streams tool calls and reasoning that the SDK stream helper assembles', async () => {
    upstream.enqueue({
      kind: 'reply',
      text: 'Checking.',
      reasoning: 'Need the weather tool.',
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' },
      ],
    });
    const raw = await client.chat.completions.create({
      model: 'm',
      messages: user('x'),
      stream: true,
    });
    const reasoning: string[] = [];
    for await (const chunk of raw) {
      const delta = chunk.choices[0]?.delta as { reasoning_content?: string } | undefined;
      if (delta?.reasoning_content) reasoning.push(delta.reasoning_content);
    }
    expect(reasoning.join('')).toBe('Need the weather tool.');

    upstream.enqueue({
      kind: 'reply',
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' }],
    });
    const stream = client.chat.completions.stream({ model: 'm', messages: user('x') });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.id).toMatch(/^call_/);
    expect(call).toMatchObject({
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
    });
  });

  it('surfaces a mid-stream error event as an APIError after the content', async () => {
    upstream.enqueue(streamFail('partial answer', 'error-event'));
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: user('x'),
      stream: true,
    });
    let text = '';
    await expect(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(text).toBe('partial answer');
  });

  it('surfaces a mid-stream drop as a connection error after the content', async () => {
    upstream.enqueue(streamFail('partial answer', 'drop'));
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: user('x'),
      stream: true,
    });
    let text = '';
    await expect(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    ).rejects.toThrow();
    expect(text).toBe('partial answer');
    expect(upstream.requests[0]?.aborted).toBe(false);
  });
  it('truncates a non-stream body for stream-fail drop', async () => {
    upstream.enqueue(streamFail('partial answer', 'drop'));
    await expect(
      client.chat.completions.create({ model: 'm', messages: user('x') }),
    ).rejects.toThrow();
  });

  it('puts reasoning_content on the non-stream message', async () => {
    upstream.enqueue({
      kind: 'reply',
      text: 'a',
      reasoning: 'because',
      usage: { input: 1, output: 9 },
    });
    const completion = await client.chat.completions.create({ model: 'm', messages: user('x') });
    const message = completion.choices[0]?.message as { reasoning_content?: string };
    expect(message.reasoning_content).toBe('because');
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(2);
  });
});

describe('OpenAI errors', () => {
  it('maps 429 to RateLimitError with the given headers and OpenAI error fields', async () => {
    upstream.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '7' } });
    const error = await client.chat.completions
      .create({ model: 'm', messages: user('x') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers?.get('retry-after')).toBe('7');
    expect(rateLimit.code).toBe('rate_limit_exceeded');
    expect(rateLimit.param).toBeNull();
  });

  it('maps 401 to AuthenticationError with invalid_api_key', async () => {
    upstream.enqueue({ kind: 'error', status: 401 });
    const error = await client.chat.completions
      .create({ model: 'm', messages: user('x') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as APIError).code).toBe('invalid_api_key');
    expect((error as APIError).type).toBe('invalid_request_error');
  });

  it('rejects an unparsable body with 400 without consuming the queue', async () => {
    upstream.enqueue({ kind: 'reply', text: 'queued' });
    const res = await fetch(`${upstream.url}/v1/chat/completions`, { method: 'POST', body: '{' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.type).toBe('invalid_request_error');
    const completion = await client.chat.completions.create({ model: 'm', messages: user('x') });
    expect(completion.choices[0]?.message.content).toBe('queued');
  });
});

describe('stream-fail with stall', () => {
  it('streams the text, then keeps the connection open with nothing more', async () => {
    const up = await startFakeUpstream();
    try {
      up.enqueue({ kind: 'stream-fail', text: 'partial', then: 'stall' });
      const controller = new AbortController();
      const response = await fetch(`${up.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'm',
          stream: true,
          messages: [{ role: 'user', content: 'x' }],
        }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('partial'))
        text += new TextDecoder().decode((await reader.read()).value);
      const next = await Promise.race([
        reader.read(),
        new Promise((r) => setTimeout(() => r('still open'), 100)),
      ]);
      expect(next).toBe('still open');
      controller.abort();
      await up.requests[0]!.closed;
      expect(up.requests[0]!.aborted).toBe(true);
    } finally {
      await up.close();
    }
  });
});
