import assert from 'node:assert/strict';
import { createStereos, type GatewayEvent } from '@stereos/ai';
import { createCloudflareGateway } from '@stereos/ai/cloudflare';
import { startFakeUpstream } from '@stereos/fake-upstream';
import { generateText, streamText } from 'ai';

// A stuck example must fail `pnpm test` instead of hanging it.
setTimeout(() => {
  console.error('example timed out');
  process.exit(1);
}, 9_000).unref();

// A local fake of Cloudflare AI Gateway (an authenticated gateway) and of an OpenAI-compatible
// endpoint, so this runs offline. Against the real gateway, drop `baseURL`, `accountId`,
// `gateway` and `apiKey`: they default to https://gateway.ai.cloudflare.com/v1 and the env
// variables CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_GATEWAY_ID and CF_AIG_TOKEN.
const upstream = await startFakeUpstream({ cloudflare: { token: 'cf-demo-token' } });
const events: GatewayEvent[] = [];

function printEvent(event: GatewayEvent | undefined): void {
  assert.ok(event, 'onUsage was not called');
  const { gateway, provider, model, status, attempts, fallbackIndex, cacheHit, costUsd } = event;
  console.log('event:', {
    gateway,
    provider,
    model,
    status,
    attempts,
    fallbackIndex,
    cacheHit,
    costUsd,
  });
}

async function eventCount(count: number): Promise<void> {
  for (let i = 0; i < 100 && events.length < count; i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.equal(events.length, count);
}

try {
  const stereos = createStereos({
    // The default gateway: an OpenAI-compatible endpoint (e.g. the Stereos server).
    baseURL: `${upstream.url}/v1`,
    apiKey: 'sk-demo',
    // Cloudflare, for ids written `cloudflare:…`.
    gateways: {
      cloudflare: createCloudflareGateway({
        baseURL: `${upstream.url}/v1`,
        accountId: 'demo-account',
        gateway: 'demo-gateway',
        apiKey: 'cf-demo-token', // unified billing / stored keys: only the gateway token
        options: { metadata: { app: 'example' } },
      }),
    },
    maxRetries: 0, // move on at once in this demo; by default Stereos retries twice with backoff
    onUsage: (event) => {
      events.push(event);
    },
  });

  // 1. A call through Cloudflare, with a cache TTL: the repeat is a cache hit that cost nothing.
  console.log('— Cloudflare, cached —');
  const model = stereos('cloudflare:openai/gpt-4o-mini');
  const providerOptions = { cloudflare: { cacheTtl: 300, metadata: { user: 'u-42' } } };
  for (const round of [1, 2]) {
    const { text } = await generateText({ model, prompt: 'What is Cloudflare?', providerOptions });
    console.log(`answer ${round}:`, text);
    printEvent(events.at(-1));
  }
  assert.deepEqual(
    events.map((e) => e.cacheHit),
    [false, true],
  );
  assert.equal(events[1]?.costUsd, 0);
  console.log('gateway log:', upstream.cloudflareLogs.map((l) => l.cacheStatus).join(' → '));

  // 2. Fallback inside Cloudflare: two steps of one universal-endpoint request.
  console.log('\n— fallback inside the gateway —');
  upstream.enqueue({ kind: 'error', status: 503, message: 'gpt-4o-mini is overloaded' });
  const steps = stereos('cloudflare:openai/gpt-4o-mini,anthropic/claude-sonnet-4-5');
  const inside = await generateText({ model: steps, prompt: 'Who answers?' });
  console.log('answer:', inside.text, '| cf-aig-step:', inside.response.headers?.['cf-aig-step']);
  assert.equal(inside.response.headers?.['cf-aig-step'], '1');

  // 3. Fallback across gateways: Cloudflare fails, the default gateway answers (streamed).
  console.log('\n— fallback across gateways —');
  upstream.reset();
  upstream.enqueue({ kind: 'error', status: 500 });
  const across = streamText({
    model: stereos(['cloudflare:openai/gpt-4o-mini', 'gpt-4o']),
    prompt: 'Still there?',
  });
  console.log('answer:', await across.text);
  console.log('requests:', upstream.requests.map((r) => r.path).join(' → '));
  await eventCount(4); // a stream's event is written as it ends
  printEvent(events.at(-1));
  assert.equal(events.at(-1)?.gateway, 'unified');
  assert.equal(events.at(-1)?.fallbackIndex, 1);
} finally {
  await upstream.close();
}
