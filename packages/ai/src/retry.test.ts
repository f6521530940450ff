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

describe.each(aiVersions)('retries with $version', ({ generateText, streamText }) => {
  it('retries a target maxRetries times, then succeeds on the same target', async () => {
    const usage = collectEvents();
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      maxRetries: 2,
      retryBaseDelayMs: 5,
      onUsage: usage.onUsage,
    });
    upstream.enqueue(
      { kind: 'error', status: 500 },
      { kind: 'error', status: 502 },
      { kind: 'reply', text: 'third time' },
    );
    const { text } = await generateText({ model: stereos('gpt-4o'), prompt: 'hi' });
    expect(text).toBe('third time');
    expect(upstream.requests).toHaveLength(3);
    const [event] = await usage.waitFor(1);
    expect(event).toMatchObject({ attempts: 3, fallbackIndex: 0, status: 'success' });
  });

  it('gives up after maxRetries + 1 attempts', async () => {
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      maxRetries: 1,
      retryBaseDelayMs: 5,
    });
    upstream.setDefault({ kind: 'error', status: 503 });
    await expect(generateText({ model: stereos('gpt-4o'), prompt: 'hi' })).rejects.toThrow();
    expect(upstream.requests).toHaveLength(2);
  });

  it('does not retry a 400', async () => {
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      maxRetries: 2,
      retryBaseDelayMs: 5,
    });
    upstream.setDefault({ kind: 'error', status: 400, message: 'bad field' });
    await expect(generateText({ model: stereos('gpt-4o'), prompt: 'hi' })).rejects.toThrow(
      /bad field/,
    );
    expect(upstream.requests).toHaveLength(1);
  });

  it('honours retry-after before retrying', async () => {
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      maxRetries: 1,
      retryBaseDelayMs: 1,
    });
    upstream.enqueue(
      { kind: 'error', status: 429, headers: { 'retry-after': '1' } },
      { kind: 'reply', text: 'ok' },
    );
    const started = performance.now();
    await generateText({ model: stereos('gpt-4o'), prompt: 'hi' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(upstream.requests).toHaveLength(2);
  });

  it('backs off exponentially between retries', async () => {
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      maxRetries: 2,
      retryBaseDelayMs: 100,
    });
    upstream.setDefault({ kind: 'error', status: 500 });
    const times: number[] = [];
    upstream.setDefault(() => {
      times.push(performance.now());
      return { kind: 'error', status: 500 };
    });
    await expect(generateText({ model: stereos('gpt-4o'), prompt: 'hi' })).rejects.toThrow();
    expect(times).toHaveLength(3);
    // equal jitter: first wait 50–100 ms, second 100–200 ms
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(45);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(95);
  });

  it('retries a stream that fails before its first content part', async () => {
    const stereos = createStereos({
      baseURL: `${upstream.url}/v1`,
      maxRetries: 1,
      retryBaseDelayMs: 5,
    });
    upstream.enqueue({ kind: 'error', status: 503 }, { kind: 'reply', text: 'streamed' });
    const result = streamText({ model: stereos('gpt-4o'), prompt: 'hi' });
    expect(await result.text).toBe('streamed');
    expect(upstream.requests).toHaveLength(2);
  });
});
