import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { serve } from '@hono/node-server';
import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { createApp, loadConfig, type StereosApp } from '@stereos/server';

// A stuck example must fail `pnpm test` instead of hanging it.
setTimeout(() => {
  console.error('example timed out');
  process.exit(1);
}, 20_000).unref();

/**
 * The Anthropic Messages API of a Stereos server, the one Claude Code talks to, checked with
 * `@anthropic-ai/sdk`: a message, a stream, a tool call and its result, count_tokens.
 *
 * - `STEREOS_URL` set (e.g. `http://localhost:3000`): checks that running server, with
 *   `STEREOS_KEY` as the key (what Claude Code's `ANTHROPIC_AUTH_TOKEN` would be) and
 *   `STEREOS_MODEL` as the model (default `claude-sonnet-4-6`).
 * - Otherwise: starts a fake upstream and the server in-process (offline), with
 *   `STEREOS_MODEL_MAP` sending Claude Haiku to gpt-4o-mini, and checks the exact answers.
 */
const remote = process.env.STEREOS_URL;
const local = remote ? undefined : await startLocalServer();
const baseURL = remote ?? local!.url;
const model = process.env.STEREOS_MODEL ?? 'claude-sonnet-4-6';

// What Claude Code does with ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN.
const client = new Anthropic({
  baseURL,
  authToken: remote ? process.env.STEREOS_KEY : 'demo-gateway-key',
  apiKey: null,
  maxRetries: 0,
});

const weather: Anthropic.Tool = {
  name: 'get_weather',
  description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

try {
  console.log(`Checking the Messages API of ${baseURL} with model ${model}\n`);

  console.log('— messages.create —');
  local?.upstream.enqueue({ kind: 'reply', text: 'Hello from the gateway.' });
  const created = await client.messages
    .create({ model, max_tokens: 256, messages: [{ role: 'user', content: 'Say hello.' }] })
    .withResponse();
  const createdText = textOf(created.data);
  console.log('answer:', createdText);
  console.log('served by:', served(created.response.headers));
  assert.equal(created.data.type, 'message');
  assert.equal(created.data.stop_reason, 'end_turn');

  console.log('\n— messages.stream —');
  local?.upstream.enqueue({ kind: 'reply', text: 'Streaming, block by block.', chunkDelayMs: 10 });
  const stream = client.messages.stream({
    model,
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Stream something.' }],
  });
  process.stdout.write('answer: ');
  let streamedText = '';
  stream.on('text', (delta) => {
    streamedText += delta;
    process.stdout.write(delta);
  });
  const streamed = await stream.finalMessage();
  console.log(`\nusage: ${JSON.stringify(streamed.usage)}`);
  assert.equal(streamedText, textOf(streamed));

  console.log('\n— a tool call and its result —');
  local?.upstream.enqueue(
    {
      kind: 'reply',
      text: 'Let me check.',
      toolCalls: [{ id: 'call_paris_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      finishReason: 'tool_calls',
    },
    { kind: 'reply', text: 'It is sunny in Paris.' },
  );
  const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Paris?' };
  const asked = await client.messages.create({
    model,
    max_tokens: 256,
    tools: [weather],
    messages: [question],
  });
  const toolUse = asked.content.find((block) => block.type === 'tool_use');
  assert.ok(toolUse, 'the model did not call the tool');
  console.log('tool_use:', toolUse.name, JSON.stringify(toolUse.input));
  const answered = await client.messages.create({
    model,
    max_tokens: 256,
    tools: [weather],
    messages: [
      question,
      { role: 'assistant', content: asked.content },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '21°C, sunny' }],
      },
    ],
  });
  console.log('answer:', textOf(answered));
  assert.equal(asked.stop_reason, 'tool_use');
  // What the upstream received as the result (offline only: the fake records it).
  const sentResult = local?.upstream.requests.at(-1)?.body.messages.at(-1)?.content?.[0];

  console.log('\n— messages.countTokens —');
  const counted = await client.messages.countTokens({
    model,
    tools: [weather],
    messages: [question],
  });
  console.log('input_tokens:', counted.input_tokens);
  assert.ok(counted.input_tokens > 0);

  if (local) {
    console.log('\n— claude-haiku-4-5 served by gpt-4o-mini (STEREOS_MODEL_MAP) —');
    local.upstream.enqueue({ kind: 'reply', text: 'Hello from gpt-4o-mini.' });
    const mapped = await client.messages
      .create({
        model: 'claude-haiku-4-5-20251001',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Say hello.' }],
      })
      .withResponse();
    console.log('answer:', textOf(mapped.data));
    console.log('served by:', served(mapped.response.headers));

    // Checks that keep this example honest when it runs as a test.
    assert.equal(createdText, 'Hello from the gateway.');
    assert.equal(streamedText, 'Streaming, block by block.');
    assert.deepEqual(toolUse.input, { city: 'Paris' });
    assert.equal(toolUse.id, 'call_paris_1');
    assert.equal(textOf(answered), 'It is sunny in Paris.');
    assert.deepEqual(sentResult, {
      type: 'tool_result',
      tool_use_id: 'call_paris_1',
      content: '21°C, sunny',
    });
    assert.equal(textOf(mapped.data), 'Hello from gpt-4o-mini.');
    assert.equal(mapped.response.headers.get('x-stereos-provider'), 'openai');
    assert.equal(local.upstream.requests.at(-1)?.path, '/v1/chat/completions');

    // count_tokens is an estimate and records nothing; the five calls are five events.
    await local.app.events.waitFor(() => local.app.events.events().length >= 5);
    console.log('\nGatewayEvents recorded by the server:');
    console.table(
      local.app.events.events().map((e) => ({
        requestedModel: e.requestedModel,
        model: e.model,
        provider: e.provider,
        stream: e.stream,
        status: e.status,
        inputTokens: e.inputTokens,
        outputTokens: e.outputTokens,
      })),
    );
    assert.ok(local.app.events.events().every((e) => e.status === 'success'));
  }
  console.log('\nAll checks passed.');
} finally {
  await local?.close();
}

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

function served(headers: Headers): string {
  return `${headers.get('x-stereos-provider')} ${headers.get('x-stereos-model')}`;
}

interface LocalServer {
  url: string;
  app: StereosApp;
  upstream: FakeUpstream;
  close(): Promise<void>;
}

/** The fake upstream and the server as `stereos-server` would run them, env written out. */
async function startLocalServer(): Promise<LocalServer> {
  const upstream = await startFakeUpstream();
  const app = createApp(
    loadConfig({
      OPENAI_BASE_URL: upstream.url,
      ANTHROPIC_BASE_URL: upstream.url,
      OPENAI_API_KEY: 'sk-demo',
      ANTHROPIC_API_KEY: 'sk-ant-demo',
      GATEWAY_API_KEYS: 'demo-gateway-key',
      STEREOS_MODEL_MAP: 'claude-haiku-4-5*=gpt-4o-mini',
      LOG_EVENTS: 'false',
    }),
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    app,
    upstream,
    async close() {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.stores.close();
      await upstream.close();
    },
  };
}
