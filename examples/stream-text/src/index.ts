import assert from 'node:assert/strict';
import { createStereos, type GatewayEvent } from '@stereos/ai';
import { startFakeUpstream } from '@stereos/fake-upstream';
import { streamText } from 'ai';

// A stuck example must fail `pnpm test` instead of hanging it.
setTimeout(() => {
  console.error('example timed out');
  process.exit(1);
}, 9_000).unref();

// A local fake of the OpenAI API (offline, free). The delays make the stream visibly stream:
// 150 ms before the first byte, then 40 ms between word-sized chunks.
const upstream = await startFakeUpstream();
upstream.enqueue({
  kind: 'reply',
  text: 'Streams arrive word by word, and Stereos measures when the first one came.',
  usage: { input: 12, output: 16 },
  delayMs: 150,
  chunkDelayMs: 40,
});

// A stream's event is emitted when the stream ends, so wait for it rather than read an array.
let resolveEvent: (event: GatewayEvent) => void = () => {};
const usageEvent = new Promise<GatewayEvent>((resolve) => {
  resolveEvent = resolve;
});
const stereos = createStereos({
  baseURL: `${upstream.url}/v1`,
  apiKey: 'sk-demo',
  onUsage: (event) => resolveEvent(event),
});

try {
  const result = streamText({ model: stereos('gpt-4o-mini'), prompt: 'Tell me about streaming.' });

  const deltas: string[] = [];
  process.stdout.write('answer: ');
  for await (const delta of result.textStream) {
    deltas.push(delta);
    process.stdout.write(delta);
  }
  process.stdout.write('\n\n');

  const event = await usageEvent;
  console.log('GatewayEvent:', event);
  console.log(
    `\n${deltas.length} deltas; first token after ${event.timeToFirstTokenMs} ms,` +
      ` whole stream ${event.latencyMs} ms; ${event.inputTokens} in + ${event.outputTokens} out` +
      ` tokens, $${event.costUsd?.toFixed(8)}`,
  );

  // Checks that keep this example honest when it runs as a test.
  assert.equal(deltas.join(''), await result.text);
  assert.ok(deltas.length > 1, 'the answer arrived in several deltas');
  assert.equal(event.stream, true);
  assert.equal(event.outputTokens, 16);
  assert.ok((event.timeToFirstTokenMs ?? 0) >= 100, 'time to first token includes the delay');
  assert.ok(event.latencyMs > (event.timeToFirstTokenMs ?? 0));
} finally {
  await upstream.close();
}
