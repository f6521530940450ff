import { startFakeUpstream } from '@stereos/fake-upstream';
import { announce } from './child-service';
import { LONG_CHUNK_DELAY_MS, LONG_CHUNKS, LONG_PROMPT, PACED_PROMPT } from './requests';

/**
 * The fake upstream as a child process for the benchmarks. Like its CLI it keeps a bounded
 * request log; unlike it, one prompt (`PACED_PROMPT`) gets a paced stream (ten words 2 ms apart)
 * so time to first byte differs from time to the end, and `LONG_PROMPT` a long one (twenty
 * chunks 50 ms apart) for the many-streams memory test. Everything else gets the instant echo.
 */
const LONG_TEXT = Array.from({ length: LONG_CHUNKS }, (_, i) => `w${i + 1}`).join(' ');
const upstream = await startFakeUpstream({ port: 0, maxRecordedRequests: 100 });
upstream.setDefault((request) => {
  if (request.rawBody.includes(PACED_PROMPT)) {
    return {
      kind: 'reply',
      text: 'one two three four five six seven eight nine ten',
      chunkDelayMs: 2,
    };
  }
  if (request.rawBody.includes(LONG_PROMPT)) {
    return {
      kind: 'reply',
      text: LONG_TEXT,
      chunks: LONG_CHUNKS,
      chunkDelayMs: LONG_CHUNK_DELAY_MS,
    };
  }
  return { kind: 'reply' };
});
announce(upstream.url, () => upstream.close());
