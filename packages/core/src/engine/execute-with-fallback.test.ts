import { describe, expect, it } from 'vitest';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import { createExecutionState, executeWithFallback } from './execute-with-fallback';

const fast = { retry: { maxRetries: 2, baseDelayMs: 1 }, timeoutMs: 1_000 };
const http = (status: number, headers: Record<string, string> = {}) =>
  new UpstreamHttpError({ status, message: `status ${status}`, headers });

describe('executeWithFallback', () => {
  it('retries a retryable failure on the same target, then succeeds', async () => {
    const state = createExecutionState();
    const calls: string[] = [];
    const result = await executeWithFallback(
      ['a', 'b'],
      fast,
      async (target, ctx) => {
        calls.push(`${target}${ctx.retryIndex}`);
        if (calls.length < 3) throw http(503);
        return `ok from ${target}`;
      },
      state,
    );
    expect(result).toBe('ok from a');
    expect(calls).toEqual(['a0', 'a1', 'a2']);
    expect(state.attempts).toBe(3);
    expect(state.targetIndex).toBe(0);
  });

  it('moves to the next target once retries are spent', async () => {
    const state = createExecutionState();
    const calls: string[] = [];
    const result = await executeWithFallback(
      ['a', 'b'],
      fast,
      async (target) => {
        calls.push(target);
        if (target === 'a') throw http(429);
        return target;
      },
      state,
    );
    expect(result).toBe('b');
    expect(calls).toEqual(['a', 'a', 'a', 'b']);
    expect(state.targetIndex).toBe(1);
    expect(state.records.map((r) => r.failure?.status)).toEqual([429, 429, 429, undefined]);
  });

  it('does not retry a 400 but still falls back', async () => {
    const calls: string[] = [];
    await executeWithFallback(['a', 'b'], fast, async (target) => {
      calls.push(target);
      if (target === 'a') throw http(400);
      return target;
    });
    expect(calls).toEqual(['a', 'b']);
  });

  it('waits at least retry-after before retrying', async () => {
    const times: number[] = [];
    await executeWithFallback(
      ['a'],
      { ...fast, retry: { maxRetries: 1, baseDelayMs: 1 } },
      async () => {
        times.push(performance.now());
        if (times.length === 1) throw http(429, { 'retry-after-ms': '120' });
        return 'ok';
      },
    );
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(115);
  });

  it('uses exponential backoff between retries', async () => {
    const times: number[] = [];
    await expect(
      executeWithFallback(
        ['a'],
        { retry: { maxRetries: 2, baseDelayMs: 40 }, timeoutMs: 1000 },
        async () => {
          times.push(performance.now());
          throw http(500);
        },
      ),
    ).rejects.toThrow('status 500');
    const first = times[1]! - times[0]!;
    const second = times[2]! - times[1]!;
    // equal jitter: retry 0 waits 20..40 ms, retry 1 waits 40..80 ms
    expect(first).toBeGreaterThanOrEqual(19);
    expect(second).toBeGreaterThanOrEqual(39);
  });

  it('skips a target whose retry-after is longer than the cap', async () => {
    const calls: string[] = [];
    const result = await executeWithFallback(
      ['a', 'b'],
      { ...fast, retry: { maxRetries: 2, baseDelayMs: 1, maxRetryAfterMs: 1000 } },
      async (target) => {
        calls.push(target);
        if (target === 'a') throw http(429, { 'retry-after': '3600' });
        return target;
      },
    );
    expect(result).toBe('b');
    expect(calls).toEqual(['a', 'b']);
  });

  it('times out an attempt, aborts its signal, and retries', async () => {
    const signals: AbortSignal[] = [];
    const result = await executeWithFallback(
      ['a'],
      { retry: { maxRetries: 1, baseDelayMs: 1 }, timeoutMs: 50 },
      (_target, ctx) => {
        signals.push(ctx.signal);
        if (signals.length === 1) return new Promise<string>(() => {});
        return Promise.resolve('second');
      },
    );
    expect(result).toBe('second');
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[1]!.aborted).toBe(false);
  });

  it("stops at once on the caller's abort", async () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const promise = executeWithFallback(
      ['a', 'b'],
      { ...fast, signal: controller.signal },
      (target, ctx) =>
        new Promise<string>((_, reject) => {
          calls.push(target);
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
        }),
    );
    setTimeout(() => controller.abort(new Error('user aborted')), 10);
    await expect(promise).rejects.toThrow('user aborted');
    expect(calls).toEqual(['a']);
  });

  it('treats connection errors as retryable', async () => {
    const calls: number[] = [];
    const result = await executeWithFallback(['a'], fast, async () => {
      calls.push(1);
      if (calls.length === 1)
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls.length).toBe(2);
  });

  it('decides from statusCode when an error has no isRetryable (Vercel gateway errors)', async () => {
    const calls: number[] = [];
    class GatewayInternalServerError extends Error {
      statusCode = 502;
    }
    await executeWithFallback(['a'], fast, async () => {
      calls.push(1);
      if (calls.length === 1) throw new GatewayInternalServerError('bad gateway');
      return 'ok';
    });
    expect(calls.length).toBe(2);
  });

  it('stops at maxAttempts over retries and fallbacks, throwing the last failure', async () => {
    const state = createExecutionState();
    const calls: string[] = [];
    await expect(
      executeWithFallback(
        ['a', 'b', 'c'],
        { ...fast, maxAttempts: 4 },
        async (target) => {
          calls.push(target);
          throw http(500);
        },
        state,
      ),
    ).rejects.toThrow('status 500');
    expect(calls).toEqual(['a', 'a', 'a', 'b']);
    expect(state.attempts).toBe(4);
  });

  it('does not retry a failure that a Stereos server behind it already retried, and counts its attempts', async () => {
    const state = createExecutionState();
    const calls: string[] = [];
    const result = await executeWithFallback(
      ['a', 'b'],
      fast,
      async (target) => {
        calls.push(target);
        if (target === 'a') throw http(503, { 'x-stereos-attempts': '3' });
        return target;
      },
      state,
    );
    expect(result).toBe('b');
    expect(calls).toEqual(['a', 'b']);
    expect(state.attempts).toBe(4);
  });

  it('ignores an x-stereos-attempts value that is not a small positive integer', async () => {
    const calls: string[] = [];
    const state = createExecutionState();
    await executeWithFallback(
      ['a'],
      fast,
      async () => {
        calls.push('a');
        if (calls.length === 1) throw http(503, { 'x-stereos-attempts': '99999' });
        return 'ok';
      },
      state,
    );
    expect(calls).toEqual(['a', 'a']);
    expect(state.attempts).toBe(2);
  });
});
