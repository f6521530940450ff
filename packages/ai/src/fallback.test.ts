import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
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

const stereosFor = (onUsage?: ReturnType<typeof collectEvents>['onUsage']) =>
  createStereos({
    baseURL: `${upstream.url}/v1`,
    apiKey: 'sk-test-key-123',
    maxRetries: 0,
    onUsage,
  });

describe.each(aiVersions)('fallback with $version', ({ generateText, streamText }) => {
  it.each([
    ['a 503', { kind: 'error', status: 503 }],
    ['a 429', { kind: 'error', status: 429 }],
    ['a 500', { kind: 'error', status: 500 }],
    ['a dropped connection', { kind: 'drop' }],
  ] as const)('generate falls back on %s', async (_name, failure) => {
    const usage = collectEvents();
    upstream.enqueue(failure, { kind: 'reply', text: 'from the second' });
    const { text } = await generateText({
      model: stereosFor(usage.onUsage)(['openai/gpt-4o', 'anthropic/claude-sonnet-4-5']),
      prompt: 'hi',
    });
    expect(text).toBe('from the second');
    expect(upstream.requests.map((r) => r.body.model)).toEqual([
      'openai/gpt-4o',
      'anthropic/claude-sonnet-4-5',
    ]);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      status: 'success',
      attempts: 2,
      fallbackIndex: 1,
      provider: 'anthropic',
    });
  });

  it.each([
    ['a 503', { kind: 'error', status: 503 }],
    ['a 429', { kind: 'error', status: 429 }],
    ['a dropped connection', { kind: 'drop' }],
  ] as const)('stream falls back on %s before the first content part', async (_name, failure) => {
    upstream.enqueue(failure, { kind: 'reply', text: 'second model speaking' });
    const result = streamText({ model: stereosFor()(['gpt-4o', 'gpt-4o-mini']), prompt: 'hi' });
    expect(await result.text).toBe('second model speaking');
    expect(upstream.requests).toHaveLength(2);
  });

  it('stream falls back on an error event before content', async () => {
    upstream.enqueue(
      { kind: 'stream-fail', text: '', then: 'error-event' },
      { kind: 'reply', text: 'ok' },
    );
    const result = streamText({ model: stereosFor()(['gpt-4o', 'gpt-4o-mini']), prompt: 'hi' });
    expect(await result.text).toBe('ok');
  });

  it.each(['drop', 'error-event'] as const)(
    'after the first content part a failure (%s) is passed through, never joined with a fallback',
    async (then) => {
      const usage = collectEvents();
      upstream.enqueue(
        { kind: 'stream-fail', text: 'partial answer', then },
        { kind: 'reply', text: 'SECOND' },
      );
      const errors: unknown[] = [];
      const result = streamText({
        model: stereosFor(usage.onUsage)(['gpt-4o', 'gpt-4o-mini']),
        prompt: 'hi',
        onError: ({ error }) => {
          errors.push(error);
        },
      });
      const text = await result.text;
      expect(text).toBe('partial answer');
      expect(text).not.toContain('SECOND');
      expect(await result.finishReason).toBe('error');
      expect(errors.length).toBeGreaterThan(0);
      expect(upstream.requests).toHaveLength(1);
      const [event] = await usage.waitFor(1);
      expect(event).toMatchObject({ status: 'error', attempts: 1, fallbackIndex: 0 });
    },
  );

  it('ends a stream that stalls after its first content part with finishReason error', async () => {
    upstream.enqueue({ kind: 'stream-fail', text: 'partial answer', then: 'stall' });
    const stereos = createStereos({ baseURL: `${upstream.url}/v1`, maxRetries: 0, timeoutMs: 150 });
    const result = streamText({
      model: stereos(['gpt-4o', 'gpt-4o-mini']),
      prompt: 'hi',
      onError: () => {},
    });
    expect(await result.text).toBe('partial answer');
    expect(await result.finishReason).toBe('error');
    expect(upstream.requests).toHaveLength(1);
    await upstream.requests[0]!.closed;
    expect(upstream.requests[0]!.aborted).toBe(true);
  });

  it('mixes another provider’s LanguageModelV2 into a fallback array', async () => {
    const other = createOpenAICompatible({
      name: 'other',
      baseURL: `${upstream.url}/other/v1`,
      apiKey: 'k',
    });
    upstream.enqueue({ kind: 'error', status: 500 }, { kind: 'reply', text: 'stereos served' });
    const usage = collectEvents();
    const { text } = await generateText({
      model: stereosFor(usage.onUsage)([other.chatModel('other-model'), 'openai/gpt-4o-mini']),
      prompt: 'hi',
    });
    expect(text).toBe('stereos served');
    expect(upstream.requests[0]?.path).toBe('/other/v1/chat/completions');
    expect(upstream.requests[1]?.body.model).toBe('openai/gpt-4o-mini');
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({
      requestedModel: 'other-model',
      model: 'gpt-4o-mini',
      fallbackIndex: 1,
    });
  });

  it('fails with the last error when every target fails, and is not retried again by the AI SDK', async () => {
    upstream.setDefault({ kind: 'error', status: 503, message: 'all down' });
    await expect(
      generateText({ model: stereosFor()(['gpt-4o', 'gpt-4o-mini']), prompt: 'hi' }),
    ).rejects.toThrow(/all down/);
    expect(upstream.requests).toHaveLength(2);
  });
});
