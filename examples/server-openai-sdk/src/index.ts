import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { startFakeUpstream } from '@stereos/fake-upstream';
import { createApp, loadConfig } from '@stereos/server';
import OpenAI from 'openai';

// A stuck example must fail `pnpm test` instead of hanging it.
setTimeout(() => {
  console.error('example timed out');
  process.exit(1);
}, 9_000).unref();

// One local fake plays both providers (OpenAI chat completions and Anthropic messages).
const upstream = await startFakeUpstream();
upstream.enqueue(
  { kind: 'reply', text: 'Hello from gpt-4o-mini.', usage: { input: 12, output: 6 } },
  { kind: 'reply', text: 'Streaming through Stereos, chunk by chunk.', chunkDelayMs: 30 },
  { kind: 'reply', text: 'Hello from Claude, in OpenAI format.', usage: { input: 15, output: 9 } },
);

// The server as `stereos-server` would run it, with the environment written out. Clients
// authenticate with a gateway key; the provider keys stay on the server.
const app = createApp(
  loadConfig({
    OPENAI_BASE_URL: upstream.url,
    ANTHROPIC_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'sk-demo',
    ANTHROPIC_API_KEY: 'sk-ant-demo',
    GATEWAY_API_KEYS: 'demo-key',
    LOG_EVENTS: 'false', // events are printed below instead of one JSON line each on stdout
  }),
);
const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
});
const gatewayURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log(`Stereos server on ${gatewayURL}, upstream fake on ${upstream.url}\n`);

/** The headers Stereos adds to every answer: who served, after how many attempts. */
function stereosHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries(
    [...headers].filter(([name]) => name.startsWith('x-stereos-') || name === 'x-request-id'),
  );
}

// Any OpenAI client works: only the base URL and the key change.
const client = new OpenAI({ baseURL: `${gatewayURL}/v1`, apiKey: 'demo-key', maxRetries: 0 });

try {
  console.log('— chat.completions.create —');
  const created = await client.chat.completions
    .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] })
    .withResponse();
  console.log('answer:', created.data.choices[0]?.message.content);
  console.log('headers:', stereosHeaders(created.response.headers));

  console.log('\n— stream: true —');
  const streamed = await client.chat.completions
    .create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Stream.' }],
      stream: true,
    })
    .withResponse();
  process.stdout.write('answer: ');
  let streamedText = '';
  for await (const chunk of streamed.data) {
    const delta = chunk.choices[0]?.delta.content ?? '';
    streamedText += delta;
    process.stdout.write(delta);
  }
  console.log('\nheaders:', stereosHeaders(streamed.response.headers));

  console.log('\n— a Claude model, same client —');
  const claude = await client.chat.completions
    .create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Say hello.' }] })
    .withResponse();
  console.log('answer:', claude.data.choices[0]?.message.content);
  console.log('headers:', stereosHeaders(claude.response.headers));
  console.log('upstream was called on:', upstream.requests.at(-1)?.path);

  // A stream's event is recorded when it ends, so wait for all three.
  await app.events.waitFor(() => app.events.events().length >= 3);
  console.log('\nGatewayEvents recorded by the server:');
  console.table(
    app.events.events().map((e) => ({
      model: e.model,
      provider: e.provider,
      stream: e.stream,
      status: e.status,
      inputTokens: e.inputTokens,
      outputTokens: e.outputTokens,
      costUsd: e.costUsd?.toFixed(8),
      keyId: e.keyId, // the gateway key's id, never the key
    })),
  );

  // Checks that keep this example honest when it runs as a test.
  assert.equal(created.data.choices[0]?.message.content, 'Hello from gpt-4o-mini.');
  assert.equal(created.response.headers.get('x-stereos-provider'), 'openai');
  assert.equal(streamedText, 'Streaming through Stereos, chunk by chunk.');
  assert.equal(claude.data.choices[0]?.message.content, 'Hello from Claude, in OpenAI format.');
  assert.equal(claude.response.headers.get('x-stereos-provider'), 'anthropic');
  assert.equal(upstream.requests.at(-1)?.headers['x-api-key'], 'sk-ant-demo');
} finally {
  // Idle keep-alive sockets of the client would otherwise hold `close` open.
  if ('closeAllConnections' in server) server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.stores.close();
  await upstream.close();
}
