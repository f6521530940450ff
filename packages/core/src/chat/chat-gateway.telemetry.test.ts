import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSpans } from '../testing/record-spans';
import { resolveProviderConfigs } from '../upstream/provider-config';
import { createChatGateway } from './chat-gateway';

let upstream: FakeUpstream;
const exporter = recordSpans();
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());

describe('server calls and OpenTelemetry', () => {
  it('records a call span and one span per attempt, with usage, for a stream that fell back', async () => {
    const gateway = createChatGateway({
      providers: resolveProviderConfigs({
        OPENAI_BASE_URL: upstream.url,
        ANTHROPIC_BASE_URL: upstream.url,
        OPENAI_API_KEY: 'sk-openai-123456',
        ANTHROPIC_API_KEY: 'sk-ant-123456',
      }),
      retry: { maxRetries: 0, baseDelayMs: 1 },
      timeoutMs: 2_000,
      sinks: [],
    });
    upstream.enqueue(
      { kind: 'error', status: 503 },
      { kind: 'reply', text: 'hi', usage: { input: 11, output: 4 } },
    );
    const result = await gateway.chat({
      body: { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hello' }] },
      fallbackModels: ['claude-sonnet-4-5'],
      credentials: { useConfiguredKeys: true },
    });
    expect(result.kind).toBe('stream');
    if (result.kind === 'stream') await new Response(result.body).text();
    await new Promise((r) => setTimeout(r, 10));
    const spans = exporter.getFinishedSpans();
    const call = spans.find((s) => s.name === 'chat gpt-4o');
    expect(call?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'claude-sonnet-4-5',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 4,
      'stereos.gateway': 'server',
      'stereos.stream': true,
      'stereos.attempts': 2,
      'stereos.fallback_index': 1,
    });
    expect(call?.attributes['stereos.time_to_first_token_ms']).toBeGreaterThan(0);
    const attempts = spans.filter(
      (s) => s.parentSpanContext?.spanId === call?.spanContext().spanId,
    );
    expect(attempts.map((s) => s.attributes['gen_ai.provider.name'])).toEqual([
      'openai',
      'anthropic',
    ]);
    expect(attempts[0]?.attributes['http.response.status_code']).toBe(503);
  });
});
