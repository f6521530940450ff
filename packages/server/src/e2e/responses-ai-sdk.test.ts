import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useE2EServer } from '../testing/e2e-server';

/**
 * The AI SDK's own Responses model (`@ai-sdk/openai`'s `.responses()`) pointed at the server's
 * `POST /v1/responses`: text, a tool call round trip and usage, once passed through to OpenAI and
 * once translated to Chat Completions for a chat-only provider (DeepSeek). The AI SDK sends
 * `store: true` by default, so its second step names the earlier tool call by `item_reference`.
 */
const GATEWAY_KEY = 'gw-responses-ai-sdk-1';
const ENV = {
  GATEWAY_API_KEYS: GATEWAY_KEY,
  OPENAI_API_KEY: 'sk-openai-env-key-123',
  DEEPSEEK_API_KEY: 'sk-deepseek-env-key-123',
};

const { server, upstream: up } = useE2EServer({ env: ENV });

const responsesModel = (model: string) =>
  createOpenAI({ baseURL: `${server.url}/v1`, apiKey: GATEWAY_KEY }).responses(model);

const weatherCalls: string[] = [];
const tools = {
  get_weather: tool({
    description: 'Weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      weatherCalls.push(city);
      return { city, celsius: 14 };
    },
  }),
};

const CASES = [
  {
    name: 'passed through to OpenAI',
    model: 'gpt-4o-mini',
    provider: 'openai',
    upstreamPath: '/v1/responses',
    mode: 'passthrough',
  },
  {
    name: 'translated for DeepSeek (chat only)',
    model: 'deepseek/deepseek-chat',
    provider: 'deepseek',
    upstreamPath: '/v1/chat/completions',
    mode: 'translated',
  },
] as const;

describe.each(CASES)('AI SDK Responses model, $name', (c) => {
  it('generateText: the text, the usage and one recorded event', async () => {
    up.enqueue({ kind: 'reply', text: 'Hello from the gateway.', usage: { input: 11, output: 4 } });
    const result = await generateText({ model: responsesModel(c.model), prompt: 'Say hello.' });
    expect(result.text).toBe('Hello from the gateway.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 11, outputTokens: 4, totalTokens: 15 });
    expect(up.requests[0]!.path).toBe(c.upstreamPath);
    expect(result.response.headers?.['x-stereos-responses-mode']).toBe(c.mode);
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event).toMatchObject({
      operation: 'responses',
      status: 'success',
      stream: false,
      provider: c.provider,
      inputTokens: 11,
      outputTokens: 4,
      usageEstimated: false,
    });
  });

  it('streamText: the deltas, the usage and one recorded streaming event', async () => {
    up.enqueue({ kind: 'reply', text: 'one two three', usage: { input: 20, output: 3 } });
    const result = streamText({ model: responsesModel(c.model), prompt: 'Count.' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('one two three');
    expect(await result.finishReason).toBe('stop');
    expect(await result.usage).toMatchObject({ inputTokens: 20, outputTokens: 3 });
    expect(up.requests[0]!.body.stream).toBe(true);
    const event = await server.app.events.waitFor((e) => e.operation === 'responses');
    expect(event).toMatchObject({
      status: 'success',
      stream: true,
      provider: c.provider,
      inputTokens: 20,
      outputTokens: 3,
    });
  });

  it('generateText with tools: the call, the result sent back, the final answer', async () => {
    weatherCalls.length = 0;
    up.enqueue({
      kind: 'reply',
      toolCalls: [{ id: 'call_paris_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      usage: { input: 30, output: 10 },
    });
    up.enqueue({ kind: 'reply', text: 'It is 14°C in Paris.', usage: { input: 45, output: 8 } });
    const result = await generateText({
      model: responsesModel(c.model),
      prompt: 'Weather in Paris?',
      tools,
      stopWhen: stepCountIs(3),
    });
    expect(weatherCalls).toEqual(['Paris']);
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]!.toolCalls.map((t) => [t.toolName, t.input])).toEqual([
      ['get_weather', { city: 'Paris' }],
    ]);
    expect(result.text).toBe('It is 14°C in Paris.');
    expect(result.totalUsage).toMatchObject({ inputTokens: 75, outputTokens: 18 });
    expectToolResultSentBack(c.mode);
    const events = await responsesEvents(2);
    expect(events.map((e) => [e.status, e.provider, e.finishReason])).toEqual([
      ['success', c.provider, 'tool_calls'],
      ['success', c.provider, 'stop'],
    ]);
  });

  it('streamText with tools: the call, the result sent back, the final streamed answer', async () => {
    weatherCalls.length = 0;
    up.enqueue({
      kind: 'reply',
      toolCalls: [{ id: 'call_paris_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      usage: { input: 30, output: 10 },
    });
    up.enqueue({ kind: 'reply', text: 'It is 14°C in Paris.', usage: { input: 45, output: 8 } });
    const result = streamText({
      model: responsesModel(c.model),
      prompt: 'Weather in Paris?',
      tools,
      stopWhen: stepCountIs(3),
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(weatherCalls).toEqual(['Paris']);
    expect(text).toBe('It is 14°C in Paris.');
    expect((await result.steps).length).toBe(2);
    expect(await result.totalUsage).toMatchObject({ inputTokens: 75, outputTokens: 18 });
    expectToolResultSentBack(c.mode);
    const events = await responsesEvents(2);
    expect(events.map((e) => [e.status, e.stream, e.finishReason])).toEqual([
      ['success', true, 'tool_calls'],
      ['success', true, 'stop'],
    ]);
  });
});

/** The first `count` recorded `responses` events (stream events land after the stream ends). */
async function responsesEvents(count: number) {
  const matches = () => server.app.events.events().filter((e) => e.operation === 'responses');
  await server.app.events.waitFor(() => matches().length >= count);
  return matches().slice(0, count);
}

/** The second upstream request carries the tool call and its result, in the upstream's wire. */
function expectToolResultSentBack(mode: 'passthrough' | 'translated'): void {
  expect(up.requests).toHaveLength(2);
  const body = up.requests[1]!.body as Record<string, unknown>;
  if (mode === 'translated') {
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_paris_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_paris_1', content: '{"city":"Paris","celsius":14}' },
    ]);
    return;
  }
  // Passed through as the AI SDK wrote it: the stored call by reference, then its output.
  const input = body.input as Array<Record<string, unknown>>;
  expect(input.at(-1)).toMatchObject({
    type: 'function_call_output',
    call_id: 'call_paris_1',
    output: '{"city":"Paris","celsius":14}',
  });
}
