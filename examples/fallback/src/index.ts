import assert from 'node:assert/strict';
import { createStereos, type GatewayEvent } from '@stereos/ai';
import { createDirectGateway } from '@stereos/ai/direct';
import { startFakeUpstream } from '@stereos/fake-upstream';
import { generateText } from 'ai';

// A stuck example must fail `pnpm test` instead of hanging it.
setTimeout(() => {
  console.error('example timed out');
  process.exit(1);
}, 9_000).unref();

// One local fake speaks both OpenAI (`/v1/chat/completions`) and Anthropic (`/v1/messages`).
const upstream = await startFakeUpstream();
const models = ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'];

function printEvent(event: GatewayEvent | undefined): void {
  assert.ok(event, 'onUsage was not called');
  const { status, attempts, fallbackIndex, provider, model, costUsd } = event;
  console.log('event:', { status, attempts, fallbackIndex, provider, model, costUsd });
}

try {
  // 1. Unified gateway: one OpenAI-compatible endpoint (e.g. the Stereos server) serves every
  // model id. `maxRetries: 0` so the 503 moves straight on to the next model; by default Stereos
  // retries the same model twice (with backoff) before falling back.
  console.log('— unified gateway —');
  upstream.enqueue(
    { kind: 'error', status: 503, message: 'gpt-4o is overloaded' },
    { kind: 'reply', text: 'Claude here: the first model was down, so I answered.' },
  );
  const unifiedEvents: GatewayEvent[] = [];
  const unified = createStereos({
    baseURL: `${upstream.url}/v1`,
    apiKey: 'sk-demo',
    maxRetries: 0,
    onUsage: (event) => {
      unifiedEvents.push(event);
    },
  });
  const first = await generateText({ model: unified(models), prompt: 'Who answers?' });
  console.log('answer:', first.text);
  console.log('upstream saw models:', upstream.requests.map((r) => r.body.model).join(' → '));
  printEvent(unifiedEvents[0]);
  assert.equal(unifiedEvents[0]?.fallbackIndex, 1);
  assert.equal(unifiedEvents[0]?.attempts, 2);

  // 2. Direct gateway: no server in between; each provider is called in-process with its own
  // key, and Anthropic's Messages API is translated to and from the OpenAI shape on the fly.
  console.log('\n— direct gateway —');
  upstream.reset();
  upstream.enqueue(
    { kind: 'error', status: 503, message: 'gpt-4o is overloaded' },
    { kind: 'reply', text: 'Claude via the Messages API.', usage: { input: 10, output: 7 } },
  );
  const directEvents: GatewayEvent[] = [];
  const direct = createStereos({
    gateway: createDirectGateway({
      env: {}, // don't read real keys from process.env in an offline example
      providers: {
        anthropic: { baseURL: upstream.url, apiKey: 'sk-ant-demo' },
        openai: { baseURL: upstream.url, apiKey: 'sk-demo' },
      },
    }),
    maxRetries: 0,
    onUsage: (event) => {
      directEvents.push(event);
    },
  });
  const second = await generateText({ model: direct(models), prompt: 'Who answers?' });
  console.log('answer:', second.text);
  console.log(
    'upstream saw:',
    upstream.requests.map((r) => `${r.path} (${r.body.model})`).join(' → '),
  );
  printEvent(directEvents[0]);
  assert.equal(second.text, 'Claude via the Messages API.');
  assert.deepEqual(
    upstream.requests.map((r) => r.path),
    ['/v1/chat/completions', '/v1/messages'],
  );
  assert.equal(directEvents[0]?.provider, 'anthropic');
  assert.equal(directEvents[0]?.fallbackIndex, 1);
} finally {
  await upstream.close();
}
