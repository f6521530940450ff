import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStereos } from './stereos-provider';
import { aiVersions } from './testing/ai-versions';
import { collectEvents } from './testing/collect';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());

describe.each(aiVersions)(
  'no shared state per call with $version',
  ({ generateText, streamText }) => {
    it('50 concurrent generate calls through one model each get their own answer', async () => {
      const usage = collectEvents();
      const stereos = createStereos({ baseURL: `${upstream.url}/v1`, onUsage: usage.onUsage });
      const model = stereos(['gpt-4o', 'gpt-4o-mini']);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => generateText({ model, prompt: `question ${i}` })),
      );
      for (const [i, result] of results.entries()) expect(result.text).toBe(`echo: question ${i}`);
      expect(usage.events).toHaveLength(50);
    });

    it('50 concurrent streams through one model each get their own answer', async () => {
      const stereos = createStereos({ baseURL: `${upstream.url}/v1` });
      const model = stereos('gpt-4o');
      const texts = await Promise.all(
        Array.from({ length: 50 }, (_, i) => streamText({ model, prompt: `stream ${i}` }).text),
      );
      for (const [i, text] of texts.entries()) expect(text).toBe(`echo: stream ${i}`);
    });
  },
);
