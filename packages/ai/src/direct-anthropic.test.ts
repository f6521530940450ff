import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDirectGateway } from './direct';
import { createStereos } from './stereos-provider';
import { aiVersions } from './testing/ai-versions';
import { collectEvents } from './testing/collect';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const KEY = 'sk-ant-direct-test-key';

function direct(onUsage?: ReturnType<typeof collectEvents>['onUsage'], maxRetries = 2) {
  return createStereos({
    gateway: createDirectGateway({
      env: {},
      providers: {
        anthropic: { baseURL: upstream.url, apiKey: KEY },
        openai: { baseURL: upstream.url, apiKey: 'sk-openai-direct-key' },
      },
    }),
    onUsage,
    maxRetries,
  });
}

describe.each(aiVersions)(
  'direct gateway, Anthropic through the translation, with $version',
  (ai) => {
    it('generates text with a system prompt', async () => {
      const usage = collectEvents();
      upstream.enqueue({ kind: 'reply', text: 'Bonjour', usage: { input: 12, output: 3 } });
      const { text } = await ai.generateText({
        model: direct(usage.onUsage)('claude-sonnet-4-5'),
        system: 'Answer in French.',
        prompt: 'Hello',
      });
      expect(text).toBe('Bonjour');
      const request = upstream.requests[0]!;
      expect(request.path).toBe('/v1/messages');
      expect(request.headers['x-api-key']).toBe(KEY);
      expect(request.headers['anthropic-version']).toBe('2023-06-01');
      expect(request.body).toMatchObject({
        model: 'claude-sonnet-4-5',
        system: [{ type: 'text', text: 'Answer in French.' }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      });
      const [event] = await usage.waitFor(1);
      expect(event).toMatchObject({
        gateway: 'direct',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        inputTokens: 12,
        outputTokens: 3,
      });
      expect(event!.costUsd).toBeGreaterThan(0);
    });

    it('returns tool calls', async () => {
      upstream.enqueue({
        kind: 'reply',
        toolCalls: [
          { name: 'weather', arguments: '{"city":"Paris"}' },
          { name: 'weather', arguments: '{"city":"Oslo"}' },
        ],
      });
      const result = await ai.generateText({
        model: direct()('anthropic/claude-sonnet-4-5'),
        prompt: 'Weather in Paris and Oslo?',
        tools: {
          weather: ai.tool({
            description: 'Weather of a city',
            inputSchema: ai.jsonSchema<{ city: string }>({
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            }),
          }),
        },
      });
      expect(result.toolCalls.map((c) => [c.toolName, c.input])).toEqual([
        ['weather', { city: 'Paris' }],
        ['weather', { city: 'Oslo' }],
      ]);
      expect(result.finishReason).toBe('tool-calls');
      expect(upstream.requests[0]!.body.tools[0]).toMatchObject({
        name: 'weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' } } },
      });
    });

    it('streams text and tool calls', async () => {
      const usage = collectEvents();
      upstream.enqueue({
        kind: 'reply',
        text: 'Let me check.',
        toolCalls: [{ name: 'weather', arguments: '{"city":"Rome"}' }],
        usage: { input: 20, output: 9 },
      });
      const result = ai.streamText({
        model: direct(usage.onUsage)('claude-sonnet-4-5'),
        prompt: 'Weather in Rome?',
        tools: {
          weather: ai.tool({
            inputSchema: ai.jsonSchema<{ city: string }>({
              type: 'object',
              properties: { city: { type: 'string' } },
            }),
          }),
        },
      });
      expect(await result.text).toBe('Let me check.');
      const calls = await result.toolCalls;
      expect(calls.map((c) => c.input)).toEqual([{ city: 'Rome' }]);
      expect(upstream.requests[0]!.body.stream).toBe(true);
      const [event] = await usage.waitFor(1);
      expect(event).toMatchObject({
        stream: true,
        inputTokens: 20,
        outputTokens: 9,
        usageEstimated: false,
      });
    });

    it('gives 50 concurrent streams through one direct model each their own answer', async () => {
      const model = direct()('claude-sonnet-4-5');
      const texts = await Promise.all(
        Array.from(
          { length: 50 },
          (_, i) => ai.streamText({ model, prompt: `question ${i}` }).text,
        ),
      );
      for (const [i, text] of texts.entries()) expect(text).toBe(`echo: question ${i}`);
    });

    it('falls back from a failing Anthropic to OpenAI, each with its own key', async () => {
      upstream.enqueue({ kind: 'error', status: 529 }, { kind: 'reply', text: 'openai here' });
      const { text } = await ai.generateText({
        model: direct(undefined, 0)(['claude-sonnet-4-5', 'gpt-4o-mini']),
        prompt: 'hi',
        maxRetries: 0,
      });
      expect(text).toBe('openai here');
      expect(upstream.requests.map((r) => r.path)).toEqual([
        '/v1/messages',
        '/v1/chat/completions',
      ]);
      expect(upstream.requests[1]!.headers['authorization']).toBe('Bearer sk-openai-direct-key');
    });
  },
);
