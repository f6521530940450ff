import { Pool } from 'undici';
import { rssMb, watchRss } from './proc-stats';
import { chatBody, LONG_CHUNK_DELAY_MS, LONG_CHUNKS, LONG_PROMPT } from './requests';
import { type Summary, summarize } from './stats';
import type { Target } from './targets';
import { type TimedAnswer, timedRequest } from './timed-request';

/** Many long streams through one server at once. */
export interface ManyStreamsResult {
  streams: number;
  /** Streams that answered 200 with every chunk and `[DONE]`. */
  complete: number;
  /** Answer chunks missing over all streams (expected `streams × LONG_CHUNKS`). */
  lostChunks: number;
  /** The target process's RSS before and at its peak while the streams ran, in MB. */
  rssBeforeMb: number;
  rssPeakMb: number;
  /** Each stream's duration (ideal: LONG_CHUNKS × LONG_CHUNK_DELAY_MS). */
  duration: Summary;
  firstFailure: string | undefined;
}

/**
 * Opens `streams` concurrent streams (twenty chunks 50 ms apart each, about one second) through
 * the target at once, each on its own connection, and checks every one arrived whole while
 * sampling the target process's RSS.
 */
export async function manyStreams(target: Target, streams = 1000): Promise<ManyStreamsResult> {
  const pool = new Pool(target.url, {
    connections: streams,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const body = chatBody({ stream: true, prompt: LONG_PROMPT });
  const rssBeforeMb = rssMb(target.pid);
  const watch = watchRss(target.pid);
  try {
    const answers = await Promise.all(
      Array.from({ length: streams }, () =>
        timedRequest(pool, target.headers, body).catch((error: unknown) => String(error)),
      ),
    );
    const rssPeakMb = watch.stop();
    const isWhole = (a: TimedAnswer | string): a is TimedAnswer =>
      typeof a !== 'string' && a.status === 200 && a.contentParts === LONG_CHUNKS && a.done;
    const whole = answers.filter(isWhole);
    const received = answers.reduce(
      (sum, a) => sum + (typeof a === 'string' ? 0 : Math.min(a.contentParts, LONG_CHUNKS)),
      0,
    );
    const failure = answers.find((a) => !isWhole(a));
    return {
      streams,
      complete: whole.length,
      lostChunks: streams * LONG_CHUNKS - received,
      rssBeforeMb,
      rssPeakMb,
      duration: summarize(whole.map((a) => a.end)),
      firstFailure:
        whole.length === streams
          ? undefined
          : typeof failure === 'string'
            ? failure
            : `status ${failure?.status}, ${failure?.contentParts} chunks: ${failure?.head}`,
    };
  } finally {
    watch.stop();
    await pool.close();
  }
}

/** The ideal duration of one long stream, in ms. */
export const LONG_STREAM_MS = LONG_CHUNKS * LONG_CHUNK_DELAY_MS;
