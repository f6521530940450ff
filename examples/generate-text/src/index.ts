import assert from 'node:assert/strict';
import { createStereos, type GatewayEvent } from '@stereos/ai';
import { startFakeUpstream } from '@stereos/fake-upstream';
import { generateText } from 'ai';

// A stuck example must fail `pnpm test` instead of hanging it.
setTimeout(() => {
  console.error('example timed out');
  process.exit(1);
}, 9_000).unref();

// A local fake of the OpenAI API, so the example runs offline and costs nothing. In production
// `baseURL` is your Stereos server (or any OpenAI-compatible endpoint) and `apiKey` your key.
const upstream = await startFakeUpstream();
upstream.enqueue({
  kind: 'reply',
  text: 'The capital of France is Paris.',
  usage: { input: 14, output: 8 },
});

const events: GatewayEvent[] = [];
const stereos = createStereos({
  baseURL: `${upstream.url}/v1`,
  apiKey: 'sk-demo',
  // Called once per call: success, error, abort or budget refusal alike.
  onUsage: (event) => {
    events.push(event);
  },
});

try {
  const { text } = await generateText({
    model: stereos('gpt-4o-mini'),
    prompt: 'What is the capital of France?',
  });
  console.log(`answer: ${text}\n`);

  // A non-streaming call emits its event before generateText resolves.
  const [event] = events;
  assert.ok(event, 'onUsage was not called');
  console.log('GatewayEvent:', event);
  console.log(
    `\n${event.provider}/${event.model}: ${event.inputTokens} in + ${event.outputTokens} out tokens,` +
      ` $${event.costUsd?.toFixed(8)} in ${event.latencyMs} ms`,
  );

  // Checks that keep this example honest when it runs as a test.
  assert.equal(text, 'The capital of France is Paris.');
  assert.equal(event.status, 'success');
  assert.equal(event.inputTokens, 14);
  assert.ok((event.costUsd ?? 0) > 0, 'gpt-4o-mini has a price');
} finally {
  await upstream.close();
}
