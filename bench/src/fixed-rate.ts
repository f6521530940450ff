import { Pool } from 'undici';
import { cpuMs } from './proc-stats';
import { chatBody, PACED_PROMPT } from './requests';
import { type Summary, summarize } from './stats';
import type { Target } from './targets';
import { type TimedAnswer, timedRequest } from './timed-request';

export type Mode = 'json' | 'stream';

/** Latency and CPU of one target at a fixed request rate. */
export interface FixedRateResult {
  requests: number;
  failures: number;
  /** JSON: the whole answer; streams: the first answer text (ten chunks 2 ms apart follow). */
  latency: Summary;
  end: Summary;
  /** CPU time of the target's process per answer, in ms. */
  cpuPerRequestMs: number;
}

/**
 * Sends `rate` requests per second for `seconds`, open loop: each request leaves when it is due,
 * whether earlier ones have answered or not, so this is latency at a load the target can carry,
 * not at saturation. Streams use the paced prompt (ten chunks 2 ms apart), so time to first token
 * is not time to the end. Also counts the target process's CPU time per answer.
 */
export async function atFixedRate(
  target: Target,
  mode: Mode,
  { rate = 1000, seconds = 3 }: { rate?: number; seconds?: number } = {},
): Promise<FixedRateResult> {
  const pool = new Pool(target.url, { connections: 256 });
  const body =
    mode === 'stream'
      ? chatBody({ stream: true, prompt: PACED_PROMPT })
      : chatBody({ stream: false });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const answers: Promise<TimedAnswer | undefined>[] = [];
  const cpuBefore = cpuMs(target.pid);
  const start = performance.now();
  try {
    for (let sent = 0; sent < total; ) {
      // Everything due by now leaves now; then sleep until the next one is due.
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      for (; sent < due; sent++) {
        answers.push(timedRequest(pool, target.headers, body).catch(() => undefined));
      }
      const next = start + sent * interval - performance.now();
      if (next > 0) await new Promise((resolve) => setTimeout(resolve, next));
    }
    const settled = await Promise.all(answers);
    const cpu = cpuMs(target.pid) - cpuBefore;
    const ok = settled.filter((a): a is TimedAnswer => a?.status === 200 && a.contentParts > 0);
    return {
      requests: total,
      failures: total - ok.length,
      latency: summarize(ok.map((a) => (mode === 'stream' ? (a.firstToken ?? a.end) : a.end))),
      end: summarize(ok.map((a) => a.end)),
      cpuPerRequestMs: cpu / total,
    };
  } finally {
    await pool.close();
  }
}
