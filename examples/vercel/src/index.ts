import assert from 'node:assert/strict';
import { createStereos, type GatewayEvent } from '@stereos/ai';
import { createVercelGateway } from '@stereos/ai/vercel';
import { startFakeUpstream } from '@stereos/fake-upstream';
import { generateText, streamText } from 'ai';

// A stuck example must fail `pnpm test` instead of hanging it.
setTimeout(() => {
  console.error('example timed out');
  process.exit(1);
}, 9_000).unref();

// One local fake speaks Vercel AI Gateway's AI SDK endpoint (`/v1/ai/language-model`) and an
// OpenAI-compatible one (`/v1/chat/completions`). Against the real gateway, leave out `baseURL`
// and `apiKey`: `AI_GATEWAY_API_KEY` (or `VERCEL_OIDC_TOKEN`) is read when a call is made.
const upstream = await startFakeUpstream();
const vercel = createVercelGateway({ baseURL: `${upstream.url}/v1/ai`, apiKey: 'vck_demo' });

const events: GatewayEvent[] = [];
function lastEvent(): GatewayEvent {
  const event = events.at(-1);
  assert.ok(event, 'onUsage was not called');
  const { status, gateway, provider, model, attempts, fallbackIndex, costUsd } = event;
  console.log('event:', { status, gateway, provider, model, attempts, fallbackIndex, costUsd });
  return event;
}

async function eventCount(count: number): Promise<void> {
  while (events.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

try {
  // 1. Vercel AI Gateway as the gateway, with a budget. The event's cost is what the gateway
  // billed (`providerMetadata.gateway.cost`), and the budget is settled to it.
  console.log('— Vercel AI Gateway —');
  const stereos = createStereos({
    gateway: vercel,
    budget: { limitUsd: 5, period: 'day' },
    onUsage: (event) => {
      events.push(event);
    },
  });
  upstream.enqueue({
    kind: 'reply',
    text: 'Hello from Claude, via Vercel.',
    usage: { input: 1200, output: 300 },
  });
  const { text } = await generateText({
    model: stereos('anthropic/claude-sonnet-4-5'),
    prompt: 'Say hello.',
    // Vercel's own routing options go through untouched.
    providerOptions: { gateway: { order: ['anthropic', 'bedrock'] } },
  });
  console.log('answer:', text);
  const generated = lastEvent();
  assert.equal(generated.gateway, 'vercel');
  assert.equal(generated.costUsd, 0.0027); // the fake bills $1/M input, $5/M output
  assert.deepEqual(upstream.requests[0]?.body.providerOptions, {
    gateway: { order: ['anthropic', 'bedrock'] },
  });

  // 2. A stream: the cost comes from the stream's finish part.
  console.log('\n— stream —');
  const result = streamText({
    model: stereos('google/gemini-2.5-flash'),
    prompt: 'Count to three.',
  });
  for await (const delta of result.textStream) process.stdout.write(delta);
  console.log();
  await eventCount(2); // a stream's event follows its end
  assert.equal(lastEvent().provider, 'gemini');

  // 3. Fallback across gateways: `vercel:` ids go to Vercel, the rest to the unified endpoint.
  // Vercel answers 402 (out of credits): not retried, the next gateway answers at once.
  console.log('\n— fallback from Vercel to the unified gateway —');
  upstream.reset();
  const mixed = createStereos({
    baseURL: `${upstream.url}/v1`,
    apiKey: 'sk-demo',
    gateways: { vercel },
    onUsage: (event) => {
      events.push(event);
    },
  });
  upstream.enqueue({ kind: 'error', status: 402 }, { kind: 'reply', text: 'GPT-4o took over.' });
  const fallback = await generateText({
    model: mixed(['vercel:anthropic/claude-sonnet-4-5', 'gpt-4o']),
    prompt: 'Who answers?',
  });
  console.log('answer:', fallback.text);
  console.log('upstream saw:', upstream.requests.map((r) => r.path).join(' → '));
  const fellBack = lastEvent();
  assert.equal(fellBack.gateway, 'unified');
  assert.equal(fellBack.fallbackIndex, 1);
  assert.equal(fellBack.attempts, 2);
} finally {
  await upstream.close();
}
