import { describe, expect, it } from 'vitest';
import { createExecutionState, executeWithFallback } from './execute-with-fallback';

describe('executeWithFallback and the caller signal', () => {
  it('aborts a committed attempt when the caller aborts later, until released', async () => {
    const caller = new AbortController();
    const state = createExecutionState();
    let attemptSignal: AbortSignal | undefined;
    await executeWithFallback(
      ['a'],
      { retry: { maxRetries: 0, baseDelayMs: 1 }, timeoutMs: 1000, signal: caller.signal },
      async (_t, ctx) => {
        attemptSignal = ctx.signal;
        return 'ok';
      },
      state,
    );
    // e.g. a stream still being read: the caller's abort must still reach its request
    caller.abort(new Error('stop'));
    expect(attemptSignal?.aborted).toBe(true);
  });

  it('leaves no listener on a long-lived caller signal once released', async () => {
    const caller = new AbortController();
    const signals: AbortSignal[] = [];
    for (let i = 0; i < 20; i++) {
      const state = createExecutionState();
      await executeWithFallback(
        ['a'],
        { retry: { maxRetries: 0, baseDelayMs: 1 }, timeoutMs: 1000, signal: caller.signal },
        async (_t, ctx) => {
          signals.push(ctx.signal);
          return 'ok';
        },
        state,
      );
      state.release();
    }
    caller.abort();
    expect(signals.every((s) => !s.aborted)).toBe(true);
  });
});
