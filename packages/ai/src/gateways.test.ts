import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDirectGateway } from './direct';
import { createStereos } from './stereos-provider';
import { aiVersions } from './testing/ai-versions';
import { collectEvents } from './testing/collect';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const direct = () =>
  createDirectGateway({
    env: {},
    providers: { openai: { baseURL: `${upstream.url}/direct`, apiKey: 'sk-direct-1234567' } },
  });

describe.each(aiVersions)('fallback arrays mixing gateways with $version', ({ generateText }) => {
  it('sends `name:model` to the named gateway and records which gateway served', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      baseURL: `${upstream.url}/unified/v1`,
      apiKey: 'k',
      gateways: { direct: direct() },
      maxRetries: 0,
      onUsage: usage.onUsage,
    });
    upstream.enqueue({ kind: 'error', status: 500 });
    const { text } = await generateText({
      model: stereos(['direct:gpt-4o', 'gpt-4o-mini']),
      prompt: 'hi',
      maxRetries: 0,
    }).catch((e) => ({ text: String(e) }));
    expect(text).toBe('echo: hi');
    expect(upstream.requests.map((r) => r.path)).toEqual([
      '/direct/v1/chat/completions',
      '/unified/v1/chat/completions',
    ]);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ gateway: 'unified', fallbackIndex: 1, status: 'success' });
  });

  it('records the named gateway when it serves, and leaves other colons in ids alone', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      baseURL: `${upstream.url}/unified/v1`,
      apiKey: 'k',
      gateways: { direct: direct() },
      onUsage: usage.onUsage,
    });
    await generateText({ model: stereos('direct:gpt-4o'), prompt: 'a' });
    await generateText({ model: stereos('openrouter/meta-llama/llama-3-8b:free'), prompt: 'b' });
    expect(upstream.requests.map((r) => [r.path, r.body.model])).toEqual([
      ['/direct/v1/chat/completions', 'gpt-4o'],
      ['/unified/v1/chat/completions', 'openrouter/meta-llama/llama-3-8b:free'],
    ]);
    const events = await usage.waitFor(2);
    expect(events.map((e) => e.gateway)).toEqual(['direct', 'unified']);
  });
});
