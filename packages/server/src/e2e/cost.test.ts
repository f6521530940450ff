import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { startE2EServer } from '../testing/e2e-server';
import { chatBody, postChat, testConfig } from '../testing/test-env';
import { useFakeUpstream } from '../testing/use-fake-upstream';

const up = useFakeUpstream();
const ENV = { GATEWAY_API_KEYS: 'gw-key-1', OPENAI_API_KEY: 'sk-openai-env-1' };

describe('the cost of a call, back to the client', () => {
  it('is x-stereos-cost-usd on JSON answers, equal to the recorded cost', async () => {
    up.enqueue({ kind: 'reply', text: 'ok', usage: { input: 1000, output: 500 } });
    const app = createApp(testConfig(up, ENV));
    const response = await postChat(app, chatBody(), { authorization: 'Bearer gw-key-1' });
    const cost = Number(response.headers.get('x-stereos-cost-usd'));
    // gpt-4o-mini: $0.15 / $0.60 per million tokens.
    expect(cost).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
    expect(app.events.events()[0]?.costUsd).toBe(cost);
  });

  it("is usage.cost in a stream's usage chunk, read by the openai SDK", async () => {
    up.enqueue({ kind: 'reply', text: 'streamed', usage: { input: 1000, output: 500 } });
    const server = await startE2EServer({ upstream: up, env: ENV });
    try {
      const openai = server.openai('gw-key-1');
      const stream = await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let usage: Record<string, unknown> | undefined;
      for await (const chunk of stream) if (chunk.usage) usage = chunk.usage as never;
      expect(usage?.['cost']).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
      expect(usage?.['prompt_tokens']).toBe(1000);
    } finally {
      await server.close();
    }
  });
});
