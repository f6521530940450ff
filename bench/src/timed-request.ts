import type { Pool } from 'undici';
import { CHAT_PATH } from './requests';

/** One chat request as a client sees it, timed from its dispatch. */
export interface TimedAnswer {
  status: number;
  /** ms to the first body byte. */
  firstByte: number;
  /** ms until the body holds the first answer text (`"content":"…"`, not the empty role chunk). */
  firstToken: number | undefined;
  /** ms to the end of the body. */
  end: number;
  /** Answer texts received (`"content":"…"` fields: one per stream chunk, one for JSON). */
  contentParts: number;
  /** Whether a stream ended with `data: [DONE]`. */
  done: boolean;
  /** The body's start, for error messages. */
  head: string;
}

// Answer text in a JSON body or an SSE chunk; the role chunk's `"content":""` does not count.
const CONTENT = /"content":"[^"]/;
const CONTENT_ALL = /"content":"[^"]/g;

export async function timedRequest(
  pool: Pool,
  headers: Record<string, string>,
  body: string,
): Promise<TimedAnswer> {
  const t0 = performance.now();
  const answer = await pool.request({ method: 'POST', path: CHAT_PATH, headers, body });
  let firstByte: number | undefined;
  let firstToken: number | undefined;
  let text = '';
  for await (const chunk of answer.body) {
    const now = performance.now() - t0;
    firstByte ??= now;
    text += chunk.toString();
    if (firstToken === undefined && CONTENT.test(text)) firstToken = now;
  }
  const end = performance.now() - t0;
  return {
    status: answer.statusCode,
    firstByte: firstByte ?? end,
    firstToken,
    end,
    contentParts: text.match(CONTENT_ALL)?.length ?? 0,
    done: text.includes('data: [DONE]'),
    head: text.slice(0, 300),
  };
}
