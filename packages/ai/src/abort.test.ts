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

describe.each(aiVersions)('abort with $version', ({ generateText, streamText }) => {
  it('cancels the upstream request of a generate call and records it as aborted', async () => {
    const usage = collectEvents();
    const stereos = createStereos({ baseURL: `${upstream.url}/v1`, onUsage: usage.onUsage });
    upstream.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const call = generateText({
      model: stereos(['gpt-4o', 'gpt-4o-mini']),
      prompt: 'hi',
      abortSignal: controller.signal,
    });
    const [request] = await upstream.waitForRequests(1);
    controller.abort();
    await expect(call).rejects.toThrow();
    await request!.closed;
    expect(request!.aborted).toBe(true);
    expect(upstream.requests).toHaveLength(1); // no fallback after the caller's abort
    const [event] = await usage.waitFor(1);
    expect(event?.status).toBe('aborted');
  });

  it('cancels the upstream stream mid-way', async () => {
    const usage = collectEvents();
    const stereos = createStereos({ baseURL: `${upstream.url}/v1`, onUsage: usage.onUsage });
    upstream.enqueue({
      kind: 'reply',
      text: 'one two three four five six seven eight',
      chunks: 8,
      chunkDelayMs: 200,
    });
    const controller = new AbortController();
    const result = streamText({
      model: stereos('gpt-4o'),
      prompt: 'hi',
      abortSignal: controller.signal,
      onError: () => {},
    });
    for await (const _delta of result.textStream) {
      controller.abort();
      break;
    }
    const request = upstream.requests[0]!;
    await request.closed;
    expect(request.aborted).toBe(true);
    const [event] = await usage.waitFor(1);
    expect(event?.status).toBe('aborted');
  });
});
