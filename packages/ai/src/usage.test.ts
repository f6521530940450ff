import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStereos } from './stereos-provider';
import { aiVersions } from './testing/ai-versions';
import { collectEvents } from './testing/collect';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

// gpt-4o: $2.50/M input, $1.25/M cached input, $10/M output.
// 100 input (40 cached) + 20 output = (60 × 2.5 + 40 × 1.25 + 20 × 10) / 1e6 = $0.0004
const REPLY = {
  kind: 'reply',
  text: 'priced answer',
  usage: { input: 100, output: 20, cached: 40 },
} as const;

describe.each(aiVersions)('onUsage with $version', ({ generateText, streamText }) => {
  const setup = () => {
    const usage = collectEvents();
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      apiKey: 'sk-secret-abcdef',
      onUsage: usage.onUsage,
    });
    return { usage, stereos };
  };

  it('reports tokens and cost for generate', async () => {
    const { usage, stereos } = setup();
    upstream.enqueue(REPLY);
    await generateText({
      model: stereos('gpt-4o'),
      prompt: 'hi',
      providerOptions: { stereos: { user: 'u1', tags: ['t1'], metadata: { team: 'core' } } },
    });
    const events = await usage.waitFor(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      status: 'success',
      gateway: 'unified',
      provider: 'openai',
      requestedModel: 'gpt-4o',
      model: 'gpt-4o',
      stream: false,
      inputTokens: 100,
      outputTokens: 20,
      cachedInputTokens: 40,
      usageEstimated: false,
      user: 'u1',
      tags: ['t1'],
      metadata: { team: 'core' },
      finishReason: 'stop',
    });
    expect(events[0]!.costUsd).toBeCloseTo(0.0004, 10);
    expect(events[0]!.latencyMs).toBeGreaterThan(0);
    // the unified gateway carries them on to a Stereos server
    expect(upstream.requests[0]!.headers).toMatchObject({
      'x-stereos-user': 'u1',
      'x-stereos-tags': 't1',
      'x-stereos-metadata': '{"team":"core"}',
    });
  });

  it('reports tokens, cost and time to first token for a stream, once', async () => {
    const { usage, stereos } = setup();
    upstream.enqueue(REPLY);
    const result = streamText({ model: stereos('gpt-4o'), prompt: 'hi' });
    expect(await result.text).toBe('priced answer');
    await new Promise((r) => setTimeout(r, 50));
    expect(usage.events).toHaveLength(1);
    expect(usage.events[0]).toMatchObject({
      stream: true,
      inputTokens: 100,
      outputTokens: 20,
      usageEstimated: false,
    });
    expect(usage.events[0]!.costUsd).toBeCloseTo(0.0004, 10);
    expect(usage.events[0]!.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(upstream.requests[0]!.body.stream_options).toEqual({ include_usage: true });
  });

  it('estimates usage and flags it when the upstream sends none', async () => {
    const { usage, stereos } = setup();
    upstream.enqueue(
      { kind: 'reply', text: 'twelve chars', usage: false },
      { kind: 'reply', text: 'twelve chars', usage: false },
    );
    await generateText({ model: stereos('gpt-4o'), prompt: 'a prompt of some length' });
    await streamText({ model: stereos('gpt-4o'), prompt: 'a prompt of some length' }).text;
    const events = await usage.waitFor(2);
    for (const event of events) {
      expect(event.usageEstimated).toBe(true);
      expect(event.inputTokens).toBeGreaterThan(0);
      expect(event.outputTokens).toBe(3);
      expect(event.costUsd).toBeGreaterThan(0);
    }
  });

  it('reports an error once, without the key', async () => {
    const { usage, stereos } = setup();
    upstream.setDefault({
      kind: 'error',
      status: 401,
      message: 'Incorrect API key provided: sk-secret-abcdef',
    });
    await expect(generateText({ model: stereos('gpt-4o'), prompt: 'hi' })).rejects.toThrow();
    const result = streamText({ model: stereos('gpt-4o'), prompt: 'hi', onError: () => {} });
    await result.text.catch(() => {});
    await result.consumeStream?.().catch(() => {});
    const events = await usage.waitFor(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(usage.events).toHaveLength(2);
    for (const event of events) {
      expect(event.status).toBe('error');
      expect(event.error?.status).toBe(401);
      expect(JSON.stringify(event)).not.toContain('sk-secret-abcdef');
    }
  });
});
