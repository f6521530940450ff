import { startFakeUpstream } from '@stereos/fake-upstream';
import { announce } from './child-service';
import { PACED_PROMPT } from './requests';

/**
 * The fake upstream as a child process for the benchmarks. Like its CLI it keeps a bounded
 * request log; unlike it, one prompt (`PACED_PROMPT`) gets a paced stream (ten words 2 ms apart)
 * so time to first byte differs from time to the end. Everything else gets the instant echo.
 */
const upstream = await startFakeUpstream({ port: 0, maxRecordedRequests: 100 });
upstream.setDefault((request) =>
  request.rawBody.includes(PACED_PROMPT)
    ? { kind: 'reply', text: 'one two three four five six seven eight nine ten', chunkDelayMs: 2 }
    : { kind: 'reply' },
);
announce(upstream.url, () => upstream.close());
