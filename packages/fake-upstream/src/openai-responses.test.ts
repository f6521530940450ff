import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './start-fake-upstream.js';
import { streamFail } from './stream-fail.js';

/** The fake Responses API, read by the openai SDK (which checks every event's ids and indexes). */
let upstream: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe('OpenAI Responses API fake', () => {
  it('echoes the last user input as a response object with usage', async () => {
    const response = await client.responses.create({
      model: 'gpt-4.1-mini',
      instructions: 'be brief',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'hello' }] }],
    });
    expect(upstream.requests[0]).toMatchObject({ kind: 'openai-responses', path: '/v1/responses' });
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-4.1-mini',
      instructions: 'be brief',
      output: [{ type: 'message', role: 'assistant', status: 'completed' }],
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text).toBe('echo: hello');
    expect(response.usage?.total_tokens).toBe(
      (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    );
  });

  it('streams the event sequence, function calls included', async () => {
    upstream.enqueue({
      kind: 'reply',
      text: 'Checking.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      usage: { input: 20, output: 9 },
    });
    const stream = client.responses.stream({ model: 'gpt-4.1-mini', input: 'weather?' });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types).toContain('response.function_call_arguments.done');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.output.map((item) => item.type)).toEqual([
      'message',
      'function_call',
      'function_call',
    ]);
    expect(final.output[1]).toMatchObject({ call_id: 'call_a', arguments: '{"city":"Paris"}' });
    expect(final.usage).toMatchObject({ input_tokens: 20, output_tokens: 9, total_tokens: 29 });
  });

  it('answers errors in the OpenAI shape, and an unknown previous_response_id', async () => {
    upstream.enqueue({ kind: 'error', status: 429 });
    const limited = (await client.responses
      .create({ model: 'gpt-4.1-mini', input: 'x' })
      .catch((e) => e)) as APIError;
    expect(limited.status).toBe(429);
    expect(limited.code).toBe('rate_limit_exceeded');
    const missing = (await client.responses
      .create({ model: 'gpt-4.1-mini', input: 'x', previous_response_id: 'resp_nope' })
      .catch((e) => e)) as APIError;
    expect(missing.status).toBe(400);
    expect(missing.param).toBe('previous_response_id');
  });

  it('fails mid-stream with an error event', async () => {
    upstream.enqueue(streamFail('partial answer', 'error-event'));
    const stream = client.responses.stream({ model: 'gpt-4.1-mini', input: 'x' });
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta') deltas.push(event.delta);
      }
    })().catch((e) => e);
    expect(deltas.join('')).toBe('partial answer');
    expect(String(error)).toMatch(/server/i);
  });
});
