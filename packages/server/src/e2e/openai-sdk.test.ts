import OpenAI, { type APIError } from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2EServer } from '../testing/e2e-server';

/** The official OpenAI SDK against a listening Stereos server (OpenAI upstream: the fake). */
const { server, upstream: up } = useE2EServer({
  apiKey: 'gw-key-1',
  env: {
    GATEWAY_API_KEYS: 'gw-key-1',
    OPENAI_API_KEY: 'sk-openai-env-key-123',
    ANTHROPIC_API_KEY: 'sk-ant-env-key-123',
  },
});
let client: OpenAI;
beforeAll(() => {
  client = server.openai();
});

describe('openai SDK → Stereos server', () => {
  it('creates a completion', async () => {
    up.enqueue({ kind: 'reply', text: 'Hello from the fake', usage: { input: 9, output: 4 } });
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello from the fake');
    expect(data.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 4 });
    expect(response.headers.get('x-stereos-provider')).toBe('openai');
    expect(up.requests[0]?.headers.authorization).toBe('Bearer sk-openai-env-key-123');
  });

  it('streams a completion, with usage when asked', async () => {
    up.enqueue({ kind: 'reply', text: 'one two three four', usage: { input: 6, output: 4 } });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('one two three four');
    expect(usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 4 });
  });

  it('returns tool calls', async () => {
    up.enqueue({
      kind: 'reply',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
    });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'weather in Paris and Rome?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.tool_calls).toEqual([
      {
        id: 'call_a',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      {
        id: 'call_b',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
      },
    ]);
    expect(up.requests[0]?.body.tools[0].function.name).toBe('get_weather');
  });

  it('surfaces an upstream error as the typed APIError with its status', async () => {
    up.enqueue({ kind: 'error', status: 400, message: "Invalid value for 'temperature'" });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as APIError).status).toBe(400);
    expect((error as APIError).message).toContain("Invalid value for 'temperature'");
    expect((error as APIError).headers?.get('x-request-id')).toBeTruthy();
  });

  it('surfaces 502 after retries as InternalServerError and a bad key as AuthenticationError', async () => {
    up.setDefault({ kind: 'error', status: 500 });
    const upstreamDown = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(upstreamDown).toBeInstanceOf(OpenAI.InternalServerError);
    expect((upstreamDown as APIError).status).toBe(502);

    const stranger = server.openai('nope');
    const unauthorized = await stranger.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((unauthorized as APIError).code).toBe('invalid_api_key');
  });

  it('answers 50 concurrent calls, streamed and not, each with its own answer and event', async () => {
    server.app.events.clear();
    const answers = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const messages = [{ role: 'user' as const, content: `question ${i}` }];
        if (i % 2 === 0) {
          const done = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
          return done.choices[0]?.message.content;
        }
        const stream = await client.chat.completions.create({
          model: 'claude-haiku-4-5',
          messages,
          stream: true,
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        return text;
      }),
    );
    for (const [i, answer] of answers.entries()) expect(answer).toBe(`echo: question ${i}`);
    // stream events land when each stream ends, just after its last byte
    await new Promise((r) => setTimeout(r, 50));
    expect(server.app.events.events()).toHaveLength(50);
    expect(new Set(server.app.events.events().map((e) => e.id)).size).toBe(50);
  });

  it('lists models', async () => {
    const models = await client.models.list();
    const ids = [];
    for await (const model of models) ids.push(model.id);
    expect(ids).toContain('openai/gpt-4o-mini');
  });
});
