import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createStereos } from '@stereos/ai';
import type { GatewayEvent } from '@stereos/core';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { useE2EServer } from '../testing/e2e-server';

/** The Vercel AI SDK (the recommended client path) and `@stereos/ai` against the server. */
const { server, upstream: up } = useE2EServer({
  env: {
    GATEWAY_API_KEYS: 'gw-virtual-key-1',
    OPENAI_API_KEY: 'sk-openai-env-key-123',
    ANTHROPIC_API_KEY: 'sk-ant-env-key-123',
  },
});

describe('ai + @ai-sdk/openai-compatible → server', () => {
  const stereos = () =>
    createOpenAICompatible({
      name: 'stereos',
      baseURL: `${server.url}/v1`,
      apiKey: 'gw-virtual-key-1',
      includeUsage: true,
    });

  it('generateText', async () => {
    up.enqueue({ kind: 'reply', text: 'Hello, world!', usage: { input: 7, output: 3 } });
    const result = await generateText({ model: stereos()('gpt-4o'), prompt: 'Hello, world!' });
    expect(result.text).toBe('Hello, world!');
    expect(result.usage).toMatchObject({ inputTokens: 7, outputTokens: 3 });
  });

  it('streamText', async () => {
    up.enqueue({ kind: 'reply', text: 'streamed words arrive', usage: { input: 5, output: 3 } });
    const result = streamText({ model: stereos()('claude-sonnet-4-5'), prompt: 'stream please' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('streamed words arrive');
    expect(await result.usage).toMatchObject({ inputTokens: 5, outputTokens: 3 });
    expect(up.requests[0]?.path).toBe('/v1/messages');
  });

  it('generateText with a tool call', async () => {
    up.enqueue({
      kind: 'reply',
      toolCalls: [{ id: 'call_1', name: 'add', arguments: '{"a":2,"b":3}' }],
    });
    const result = await generateText({
      model: stereos()('gpt-4o'),
      prompt: 'add 2 and 3',
      tools: {
        add: tool({
          inputSchema: jsonSchema<{ a: number; b: number }>({
            type: 'object',
            properties: { a: { type: 'number' }, b: { type: 'number' } },
          }),
        }),
      },
    });
    expect(result.toolCalls).toEqual([
      expect.objectContaining({ toolCallId: 'call_1', toolName: 'add', input: { a: 2, b: 3 } }),
    ]);
  });
});

describe('@stereos/ai createStereos → server → upstream', () => {
  it('generates text end to end, with events on both sides', async () => {
    const libraryEvents: GatewayEvent[] = [];
    const stereos = createStereos({
      baseURL: `${server.url}/v1`,
      apiKey: 'gw-virtual-key-1',
      onUsage: (event) => void libraryEvents.push(event),
    });
    up.enqueue({ kind: 'reply', text: 'library to server', usage: { input: 12, output: 4 } });
    const result = await generateText({ model: stereos('gpt-4o-mini'), prompt: 'hi' });
    expect(result.text).toBe('library to server');
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-openai-env-key-123');

    expect(libraryEvents).toEqual([
      expect.objectContaining({ status: 'success', gateway: 'unified', inputTokens: 12 }),
    ]);
    expect(await server.app.events.waitFor((e) => e.status === 'success')).toMatchObject({
      gateway: 'server',
      provider: 'openai',
      inputTokens: 12,
      outputTokens: 4,
    });
  });

  it('carries user, tags and metadata from the library into the server event', async () => {
    const stereos = createStereos({ baseURL: `${server.url}/v1`, apiKey: 'gw-virtual-key-1' });
    await generateText({
      model: stereos('gpt-4o-mini'),
      prompt: 'hi',
      providerOptions: {
        stereos: { user: 'u-7', tags: ['beta', 'search'], metadata: { team: 'core' } },
      },
    });
    expect(await server.app.events.waitFor((e) => e.status === 'success')).toMatchObject({
      user: 'u-7',
      tags: ['beta', 'search'],
      metadata: { team: 'core' },
    });
  });

  it('streams end to end through Anthropic', async () => {
    const stereos = createStereos({ baseURL: `${server.url}/v1`, apiKey: 'gw-virtual-key-1' });
    up.enqueue({ kind: 'reply', text: 'claude says hi', usage: { input: 8, output: 3 } });
    const result = streamText({ model: stereos('anthropic/claude-sonnet-4-5'), prompt: 'hi' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('claude says hi');
    expect(up.requests[0]?.path).toBe('/v1/messages');
    expect(up.requests[0]?.headers['x-api-key']).toBe('sk-ant-env-key-123');
  });

  it('reports a server 401 as an error', async () => {
    const stereos = createStereos({
      baseURL: `${server.url}/v1`,
      apiKey: 'wrong-key',
      maxRetries: 0,
    });
    await expect(
      generateText({ model: stereos('gpt-4o'), prompt: 'hi', maxRetries: 0 }),
    ).rejects.toMatchObject({
      statusCode: 401,
    });
    expect(up.requests).toHaveLength(0);
  });
});
