import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { generateText } from 'ai-v5';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// Core's test set-up, by path: it is no export of `@stereos/core`.
import { recordSpans } from '../../core/src/testing/record-spans';
import { createStereos } from './stereos-provider';

let upstream: FakeUpstream;
const exporter = recordSpans();
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe('OpenTelemetry spans', () => {
  it('records one span per call and one per upstream attempt, with GenAI attributes', async () => {
    const stereos = createStereos({ baseURL: `${upstream.url}/v1`, maxRetries: 0 });
    upstream.enqueue(
      { kind: 'error', status: 503 },
      { kind: 'reply', text: 'ok', usage: { input: 7, output: 2 } },
    );
    await generateText({ model: stereos(['gpt-4o', 'anthropic/claude-sonnet-4-5']), prompt: 'hi' });
    const spans = exporter.getFinishedSpans();
    const call = spans.find((s) => s.name === 'chat gpt-4o')!;
    const attempts = spans.filter((s) => s.name.startsWith('attempt '));
    expect(call).toBeDefined();
    expect(call.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.response.model': 'claude-sonnet-4-5',
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.output_tokens': 2,
      'stereos.attempts': 2,
      'stereos.fallback_index': 1,
    });
    expect(attempts).toHaveLength(2);
    expect(attempts.every((s) => s.parentSpanContext?.spanId === call.spanContext().spanId)).toBe(
      true,
    );
    expect(attempts[0]!.status.code).toBe(2); // ERROR
    expect(attempts[0]!.attributes['http.response.status_code']).toBe(503);
    expect(attempts[1]!.attributes['gen_ai.provider.name']).toBe('anthropic');
  });
});
