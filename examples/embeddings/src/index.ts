import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createStereos, type GatewayEvent } from '@stereos/ai';
import { startFakeUpstream } from '@stereos/fake-upstream';
import { createApp, loadConfig } from '@stereos/server';
import { cosineSimilarity, embed, embedMany } from 'ai';
import OpenAI from 'openai';

// A stuck example must fail `pnpm test` instead of hanging it.
setTimeout(() => {
  console.error('example timed out');
  process.exit(1);
}, 15_000).unref();

// A local fake of the OpenAI API (deterministic vectors), so the example runs offline.
const upstream = await startFakeUpstream();

// The server as `stereos-server` would run it: clients hold the gateway key `demo-key`, the
// provider key stays on the server.
const app = createApp(
  loadConfig({
    OPENAI_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'sk-demo',
    GATEWAY_API_KEYS: 'demo-key',
    LOG_EVENTS: 'false',
  }),
);
const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
});
const gatewayURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log(`Stereos server on ${gatewayURL}, upstream fake on ${upstream.url}\n`);

// The AI SDK through the server: `createStereos` defaults to the unified gateway (a Stereos
// server), adding fallback between embedding models and an event per call on this side too.
const libraryEvents: GatewayEvent[] = [];
const stereos = createStereos({
  baseURL: `${gatewayURL}/v1`,
  apiKey: 'demo-key',
  onUsage: (event) => {
    libraryEvents.push(event);
  },
});

try {
  console.log('— AI SDK embed —');
  const one = await embed({
    model: stereos.textEmbeddingModel('text-embedding-3-small'),
    value: 'sunny day at the beach',
  });
  console.log(`vector of ${one.embedding.length} numbers, ${one.usage.tokens} tokens`);

  console.log('\n— AI SDK embedMany (with a fallback model) —');
  const many = await embedMany({
    model: stereos.textEmbeddingModel(['text-embedding-3-small', 'text-embedding-3-large']),
    values: ['sunny day at the beach', 'rainy afternoon in the city', 'sunny day at the beach'],
  });
  const [beach, city, beachAgain] = many.embeddings as [number[], number[], number[]];
  console.log(`${many.embeddings.length} vectors, ${many.usage.tokens} tokens`);
  console.log('similarity beach/beach:', cosineSimilarity(beach, beachAgain).toFixed(3));
  console.log('similarity beach/city: ', cosineSimilarity(beach, city).toFixed(3));

  console.log('\n— openai SDK embeddings.create —');
  const openai = new OpenAI({ baseURL: `${gatewayURL}/v1`, apiKey: 'demo-key', maxRetries: 0 });
  const created = await openai.embeddings
    .create({
      model: 'text-embedding-3-small',
      input: ['first text', 'second text'],
      dimensions: 6,
    })
    .withResponse();
  console.log(
    `${created.data.data.length} vectors of ${created.data.data[0]?.embedding.length}, ` +
      `${created.data.usage.prompt_tokens} tokens, cost $${created.response.headers.get('x-stereos-cost-usd')}`,
  );

  await app.events.waitFor(() => app.events.events().length >= 3);
  console.log('\nGatewayEvents recorded by the server:');
  console.table(
    app.events.events().map((e) => ({
      operation: e.operation,
      model: e.model,
      provider: e.provider,
      status: e.status,
      inputTokens: e.inputTokens,
      costUsd: e.costUsd?.toFixed(10),
    })),
  );

  // Checks that keep this example honest when it runs as a test.
  assert.ok(one.embedding.length > 0);
  assert.equal(many.embeddings.length, 3);
  assert.deepEqual(beach, beachAgain); // the same text, the same vector
  assert.ok(cosineSimilarity(beach, beachAgain) > cosineSimilarity(beach, city));
  assert.equal(created.data.data.length, 2);
  assert.equal(created.data.data[0]?.embedding.length, 6);
  assert.equal(created.response.headers.get('x-stereos-provider'), 'openai');
  const events = app.events.events();
  assert.equal(events.length, 3);
  assert.ok(events.every((e) => e.operation === 'embeddings' && e.status === 'success'));
  assert.ok(events.every((e) => e.inputTokens > 0));
  assert.equal(libraryEvents.length, 2);
  assert.ok(libraryEvents.every((e) => e.operation === 'embeddings' && e.status === 'success'));
  // The provider key never left the server: the upstream saw it, the clients never had it.
  assert.ok(upstream.requests.every((r) => r.headers.authorization === 'Bearer sk-demo'));
  console.log('\nAll checks passed.');
} finally {
  if ('closeAllConnections' in server) server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.stores.close();
  await upstream.close();
}
