import { describe, expect, it, vi } from 'vitest';
import { createBudgetGuard } from '../budget/budget-guard';
import { windowId } from '../budget/budget-window';
import { MemoryBudgetStore } from '../budget/memory-budget-store';
import { createPriceTable } from '../catalog/prices';
import { BudgetExceededError } from '../errors/budget-exceeded-error';
import { CallFailure } from '../errors/call-failure';
import { InvalidRequestError } from '../errors/invalid-request-error';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import { STEREOS_RESPONSE_HEADERS } from '../protocol';
import type { GatewayEvent } from '../usage/gateway-event';
import { collect } from '../wire/fixtures/streams';
import type { AnswerUsage, CallSpec, GenerateAdapter, StreamAdapter } from './call-adapter';
import { type CallEngineOptions, createCallEngine } from './call-engine';
import type { ProbeResult } from './commit-stream';

/** `openai/m`: $1 per input token and per output token, so amounts are easy to read. */
const prices = createPriceTable({
  'openai/m': { inputPerMTok: 1_000_000, outputPerMTok: 1_000_000 },
});

interface Target {
  provider: string;
  model: string;
}
const M: Target = { provider: 'openai', model: 'm' };

function spec(overrides: Partial<CallSpec<Target>> = {}): CallSpec<Target> {
  return {
    operation: 'chat',
    stream: false,
    targets: [M],
    describe: (t) => t,
    requestedModel: 'm',
    subject: {},
    secrets: [],
    estimateInputTokens: () => 1,
    maxOutputTokens: 1,
    ...overrides,
  };
}

function engineWith(events: GatewayEvent[], overrides: Partial<CallEngineOptions> = {}) {
  return createCallEngine({
    gateway: 'test',
    retry: { maxRetries: 0, baseDelayMs: 1 },
    timeoutMs: 2_000,
    sinks: [(e) => void events.push(e)],
    prices,
    ...overrides,
  });
}

const usage = (input: number, output: number): AnswerUsage => ({
  usage: { inputTokens: input, outputTokens: output },
  finishReason: 'stop',
  outputChars: () => output * 4,
});

const failing = (status: number, headers: Record<string, string> = {}) =>
  new UpstreamHttpError({ status, message: `status ${status}`, headers, provider: 'openai' });

const failureOf = async (promise: Promise<unknown>): Promise<CallFailure> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!CallFailure.isInstance(error)) throw new Error(`expected a CallFailure, got ${error}`);
  return error;
};

describe('createCallEngine generate', () => {
  it('records one success event with usage, cost, attempts and the target that served', async () => {
    const events: GatewayEvent[] = [];
    const engine = engineWith(events, { retry: { maxRetries: 1, baseDelayMs: 1 } });
    let calls = 0;
    const result = await engine.generate(spec({ targets: [M, { ...M, model: 'n' }] }), {
      attempt: async () => {
        calls += 1;
        if (calls === 1) throw failing(503);
        return 'answer';
      },
      usage: () => usage(3, 2),
    });
    expect(result.value).toBe('answer');
    expect(result.served).toEqual({
      provider: 'openai',
      model: 'm',
      attempts: 2,
      fallbackIndex: 0,
    });
    expect(events).toHaveLength(1);
    expect(result.event).toBe(events[0]);
    expect(events[0]).toMatchObject({
      gateway: 'test',
      status: 'success',
      attempts: 2,
      inputTokens: 3,
      outputTokens: 2,
      costUsd: 5,
      finishReason: 'stop',
      usageEstimated: false,
    });
  });

  it('counts the attempts a Stereos server behind it reported for the answer', async () => {
    const events: GatewayEvent[] = [];
    const result = await engineWith(events).generate(spec(), {
      attempt: async () => 'answer',
      usage: () => usage(1, 1),
      gatewayAttempts: () => 3,
    });
    expect(result.served.attempts).toBe(3);
    expect(events[0]?.attempts).toBe(3);
  });

  it('records an error event and throws a CallFailure carrying it, secrets redacted', async () => {
    const events: GatewayEvent[] = [];
    const failure = await failureOf(
      engineWith(events).generate(spec({ secrets: ['sk-secret-1234'] }), {
        attempt: async () => {
          throw new UpstreamHttpError({ status: 400, message: 'bad key sk-secret-1234' });
        },
        usage: () => usage(0, 0),
      }),
    );
    expect(failure.failed).toMatchObject({ provider: 'openai', attempts: 1 });
    expect(failure.failed.event).toBe(events[0]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'error', costUsd: 0, error: { status: 400 } });
    expect(events[0]?.error?.message).not.toContain('sk-secret-1234');
  });

  it('refuses more targets than maxTargets before any attempt', async () => {
    const events: GatewayEvent[] = [];
    const attempt = vi.fn(async () => 'answer');
    const engine = engineWith(events, { limits: { maxTargets: 2 } });
    const failure = await failureOf(
      engine.generate(spec({ targets: [M, M, M] }), { attempt, usage: () => usage(0, 0) }),
    );
    expect(InvalidRequestError.isInstance(failure.failed.error)).toBe(true);
    expect(failure.failed.error).toMatchObject({ code: 'too_many_models', status: 400 });
    expect(failure.failed).toMatchObject({ attempts: 0, provider: undefined });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'invalid_request', attempts: 0 });
    expect(attempt).not.toHaveBeenCalled();

    const none = await failureOf(
      engine.generate(spec({ targets: [] }), { attempt, usage: () => usage(0, 0) }),
    );
    expect(none.failed.error).toMatchObject({ code: 'invalid_model' });
    expect(attempt).not.toHaveBeenCalled();
  });

  it('caps attempts over retries and fallbacks with maxAttempts', async () => {
    const events: GatewayEvent[] = [];
    const engine = engineWith(events, {
      retry: { maxRetries: 2, baseDelayMs: 1 },
      limits: { maxAttempts: 4 },
    });
    const tried: string[] = [];
    const failure = await failureOf(
      engine.generate(spec({ targets: [M, { ...M, model: 'n' }, { ...M, model: 'o' }] }), {
        attempt: async (target, ctx) => {
          tried.push(`${target.model}${ctx.retryIndex}`);
          throw failing(503);
        },
        usage: () => usage(0, 0),
      }),
    );
    // 3 tries of m (retries spent), then 1 of n: the cap, not the 9 the lists allow.
    expect(tried).toEqual(['m0', 'm1', 'm2', 'n0']);
    expect(failure.failed.attempts).toBe(4);
    expect(events[0]).toMatchObject({ status: 'error', attempts: 4, fallbackIndex: 1 });
  });

  it('keeps 200 concurrent calls within a budget that affords 20, one event each', async () => {
    const events: GatewayEvent[] = [];
    const store = new MemoryBudgetStore();
    const limitUsd = 40; // each call reserves 1 input + 1 output token = $2
    const budget = createBudgetGuard({ limitUsd, store, period: 'total' }, prices);
    const engine = engineWith(events, { budget });
    const attempt = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, Math.random() * 10));
      return 'answer';
    });
    const adapter: GenerateAdapter<Target, string> = {
      attempt,
      // Real usage at or below the reservation.
      usage: () => usage(1, Math.random() < 0.5 ? 0 : 1),
    };
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        engine.generate(spec({ subject: { requestId: `r${i}` } }), adapter),
      ),
    );
    await new Promise((r) => setTimeout(r, 20)); // settlements run in the background

    const successes = results.filter((r) => r.status === 'fulfilled');
    const refusals = results.filter((r) => r.status === 'rejected');
    expect(successes.length).toBeGreaterThan(0);
    expect(successes.length).toBeLessThanOrEqual(20);
    expect(attempt).toHaveBeenCalledTimes(successes.length);
    for (const refusal of refusals) {
      const failure = refusal.reason as CallFailure;
      expect(CallFailure.isInstance(failure)).toBe(true);
      expect(BudgetExceededError.isInstance(failure.failed.error)).toBe(true);
      expect(failure.failed.event.status).toBe('budget_exceeded');
      expect(failure.failed.attempts).toBe(0);
    }

    expect(events).toHaveLength(200);
    expect(new Set(events.map((e) => e.requestId)).size).toBe(200);
    const succeeded = events.filter((e) => e.status === 'success');
    expect(succeeded).toHaveLength(successes.length);
    expect(events.filter((e) => e.status === 'budget_exceeded')).toHaveLength(refusals.length);
    const spent = succeeded.reduce((sum, e) => sum + (e.costUsd ?? 0), 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(limitUsd);
    const usageNow = await store.usage('global', windowId('total', new Date()));
    expect(usageNow.reservedUsd).toBe(0);
    expect(usageNow.spentUsd).toBeCloseTo(spent, 9);
    expect(usageNow.spentUsd).toBeLessThanOrEqual(limitUsd);
  });

  it('releases the reservation of a failed call (settles at 0)', async () => {
    const store = new MemoryBudgetStore();
    const budget = createBudgetGuard({ limitUsd: 2, store, period: 'total' }, prices);
    const engine = engineWith([], { budget });
    await failureOf(
      engine.generate(spec(), {
        attempt: async () => {
          throw failing(500);
        },
        usage: () => usage(0, 0),
      }),
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(await store.usage('global', 'total')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });
});

type Part = { type: 'text' | 'meta' | 'finish' | 'error' | 'late-error'; value?: string };

const probe = (part: Part): ProbeResult =>
  part.type === 'text'
    ? { type: 'content' }
    : part.type === 'finish'
      ? { type: 'finish' }
      : part.type === 'error'
        ? { type: 'error', error: failing(503) }
        : undefined;

function streamAdapter(
  attempt: StreamAdapter<Target, Part, Part, string>['attempt'],
): StreamAdapter<Target, Part, Part, string> {
  return {
    attempt,
    probe,
    lateError: (error) => [{ type: 'late-error', value: (error as Error).message }],
    createTap: () => {
      let chars = 0;
      return {
        observe: (part) => {
          if (part.type === 'text') chars += part.value?.length ?? 0;
        },
        result: () => ({ usage: undefined, outputChars: () => chars }),
      };
    },
  };
}

function partsOf(parts: Part[], failAfter?: Error): ReadableStream<Part> {
  const queue = [...parts];
  return new ReadableStream({
    pull(controller) {
      const next = queue.shift();
      if (next) controller.enqueue(next);
      else if (failAfter) controller.error(failAfter);
      else controller.close();
    },
  });
}

describe('createCallEngine stream', () => {
  it('falls back before the first content part and records one event when the stream ends', async () => {
    const events: GatewayEvent[] = [];
    const engine = engineWith(events);
    const n = { ...M, model: 'n' };
    const result = await engine.stream(
      spec({ stream: true, targets: [M, n] }),
      streamAdapter(async (target) => ({
        source:
          target.model === 'm'
            ? partsOf([{ type: 'meta' }, { type: 'error' }])
            : partsOf([{ type: 'meta' }, { type: 'text', value: 'abcdefgh' }, { type: 'finish' }]),
        meta: target.model,
      })),
    );
    expect(result.meta).toBe('n');
    expect(result.served).toEqual({
      provider: 'openai',
      model: 'n',
      attempts: 2,
      fallbackIndex: 1,
    });
    expect(events).toHaveLength(0);
    expect(await collect(result.stream)).toEqual([
      { type: 'meta' },
      { type: 'text', value: 'abcdefgh' },
      { type: 'finish' },
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      status: 'success',
      stream: true,
      model: 'n',
      attempts: 2,
      fallbackIndex: 1,
      usageEstimated: true,
      outputTokens: 2,
    });
    expect(events[0]?.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('fails over a stream that ends before any content without a finish', async () => {
    const events: GatewayEvent[] = [];
    const failure = await failureOf(
      engineWith(events).stream(
        spec({ stream: true }),
        streamAdapter(async () => ({ source: partsOf([{ type: 'meta' }]), meta: '' })),
      ),
    );
    expect(failure.failed.error).toMatchObject({ status: 502 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'error', error: { status: 502 } });
  });

  it('ends a stream that fails after its first content with an error, no fallback', async () => {
    const events: GatewayEvent[] = [];
    const attempts: string[] = [];
    const result = await engineWith(events).stream(
      spec({ stream: true, targets: [M, { ...M, model: 'n' }] }),
      streamAdapter(async (target) => {
        attempts.push(target.model);
        return { source: partsOf([{ type: 'text', value: 'ab' }], new Error('reset')), meta: '' };
      }),
    );
    expect(await collect(result.stream)).toEqual([
      { type: 'text', value: 'ab' },
      { type: 'late-error', value: 'reset' },
    ]);
    expect(attempts).toEqual(['m']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'error', finishReason: 'error' });
  });
});

describe('createCallEngine reject', () => {
  it('records the event of a call refused before the engine ran', () => {
    const events: GatewayEvent[] = [];
    const event = engineWith(events).reject({
      status: 'invalid_request',
      error: new InvalidRequestError({ message: 'bad', code: 'invalid_model', param: 'model' }),
      requestedModel: 'x',
      subject: { user: 'u', requestId: 'r1' },
    });
    expect(events).toEqual([event]);
    expect(event).toMatchObject({
      status: 'invalid_request',
      attempts: 0,
      requestedModel: 'x',
      user: 'u',
      requestId: 'r1',
      error: { message: 'bad', status: 400, type: 'invalid_request_error', code: 'invalid_model' },
    });
  });
});

describe('gateway attempts on failures', () => {
  it('does not retry a failure a Stereos server behind it already retried, but counts its attempts', async () => {
    const events: GatewayEvent[] = [];
    const engine = engineWith(events, { retry: { maxRetries: 2, baseDelayMs: 1 } });
    const tried: string[] = [];
    const result = await engine.generate(spec({ targets: [M, { ...M, model: 'n' }] }), {
      attempt: async (target) => {
        tried.push(target.model);
        if (target.model === 'm') throw failing(503, { [STEREOS_RESPONSE_HEADERS.attempts]: '3' });
        return 'answer';
      },
      usage: () => usage(1, 1),
    });
    expect(result.value).toBe('answer');
    expect(tried).toEqual(['m', 'n']);
    expect(result.served.attempts).toBe(4);
  });
});
