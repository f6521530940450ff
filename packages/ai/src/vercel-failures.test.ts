import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStereos } from './stereos-provider';
import { aiVersions } from './testing/ai-versions';
import { collectEvents } from './testing/collect';
import { createVercelGateway } from './vercel';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

// Vercel gateway errors are `GatewayError`s, not `APICallError`s: retries and fallback must
// follow their `statusCode`.
const stereosWith = (onUsage?: ReturnType<typeof collectEvents>['onUsage'], timeoutMs?: number) =>
  createStereos({
    baseURL: `${upstream.url}/unified/v1`,
    apiKey: 'sk-unified',
    gateways: {
      vercel: createVercelGateway({ baseURL: `${upstream.url}/v1/ai`, apiKey: 'vck_test' }),
    },
    maxRetries: 2,
    retryBaseDelayMs: 1,
    ...(timeoutMs ? { timeoutMs } : {}),
    onUsage,
  });

const paths = () => upstream.requests.map((r) => r.path);
const VERCEL = '/v1/ai/language-model';
const UNIFIED = '/unified/v1/chat/completions';

describe.each(aiVersions)(
  'Vercel gateway failures with $version',
  ({ generateText, streamText }) => {
    it.each([401, 402])('never retries a %i, and falls back at once', async (status) => {
      const usage = collectEvents();
      upstream.enqueue({ kind: 'error', status }, { kind: 'reply', text: 'fallback' });
      const { text } = await generateText({
        model: stereosWith(usage.onUsage)(['vercel:anthropic/claude-sonnet-4-5', 'gpt-4o']),
        prompt: 'hi',
      });
      expect(text).toBe('fallback');
      expect(paths()).toEqual([VERCEL, UNIFIED]);
      const [event] = await usage.waitFor(1);
      expect(event).toMatchObject({ status: 'success', attempts: 2, fallbackIndex: 1 });
    });

    it.each([401, 402])(
      'a lone %i fails once, not retried by the AI SDK either',
      async (status) => {
        const usage = collectEvents();
        upstream.setDefault({ kind: 'error', status });
        const error = await generateText({
          model: stereosWith(usage.onUsage)('vercel:anthropic/claude-sonnet-4-5'),
          prompt: 'hi',
        }).catch((e) => e);
        // An APICallError with the gateway's status and message, not the AI SDK's generic one.
        expect(error.statusCode).toBe(status);
        expect(error.isRetryable).toBe(false);
        expect(error.message).toMatch(status === 401 ? /Invalid API key/ : /Insufficient funds/);
        expect(paths()).toEqual([VERCEL]);
        const [event] = await usage.waitFor(1);
        expect(event).toMatchObject({ status: 'error', attempts: 1, error: { status } });
      },
    );

    it.each([429, 500, 503])('retries a %i, then falls back', async (status) => {
      upstream.enqueue(
        { kind: 'error', status },
        { kind: 'error', status },
        { kind: 'error', status },
        { kind: 'reply', text: 'fallback' },
      );
      const result = streamText({
        model: stereosWith()(['vercel:anthropic/claude-sonnet-4-5', 'gpt-4o']),
        prompt: 'hi',
      });
      expect(await result.text).toBe('fallback');
      expect(paths()).toEqual([VERCEL, VERCEL, VERCEL, UNIFIED]);
    });

    it('honours the gateway’s retry-after: a long one moves on to the next target at once', async () => {
      upstream.enqueue(
        { kind: 'error', status: 429, headers: { 'retry-after': '60' } },
        { kind: 'reply', text: 'fallback' },
      );
      const { text } = await generateText({
        model: stereosWith()(['vercel:anthropic/claude-sonnet-4-5', 'gpt-4o']),
        prompt: 'hi',
      });
      expect(text).toBe('fallback');
      expect(paths()).toEqual([VERCEL, UNIFIED]);
    });

    it('after the engine’s retries, a retryable gateway error is not retried again', async () => {
      upstream.setDefault({ kind: 'error', status: 503 });
      const error = await generateText({
        model: stereosWith()('vercel:anthropic/claude-sonnet-4-5'),
        prompt: 'hi',
      }).catch((e) => e);
      expect(error).toBeInstanceOf(Error);
      expect(paths()).toEqual([VERCEL, VERCEL, VERCEL]);
    });

    it('records attempt timeouts as timeouts (408), retried like any timeout', async () => {
      const usage = collectEvents();
      upstream.setDefault({ kind: 'hang' });
      await generateText({
        model: stereosWith(usage.onUsage, 100)('vercel:anthropic/claude-sonnet-4-5'),
        prompt: 'hi',
      }).catch(() => {});
      const [event] = await usage.waitFor(1);
      expect(event).toMatchObject({ status: 'error', attempts: 3, error: { status: 408 } });
    });

    it('fails with the caller’s abort, not the status-500 error the gateway client wraps it in', async () => {
      const usage = collectEvents();
      upstream.setDefault({ kind: 'hang' });
      const controller = new AbortController();
      const call = generateText({
        model: stereosWith(usage.onUsage)('vercel:anthropic/claude-sonnet-4-5'),
        prompt: 'hi',
        abortSignal: controller.signal,
      }).catch((e) => e);
      await upstream.waitForRequests(1);
      controller.abort();
      const error = await call;
      expect(error.name).toBe('AbortError');
      expect(error.statusCode).toBeUndefined();
      const [event] = await usage.waitFor(1);
      expect(event).toMatchObject({ status: 'aborted', attempts: 1 });
    });

    it('passes a late stream error through after the first content, never falling back', async () => {
      const usage = collectEvents();
      const { streamFail } = await import('@stereos/fake-upstream');
      upstream.enqueue(streamFail('partial answer', 'error-event'), { kind: 'reply', text: 'NO' });
      const result = streamText({
        model: stereosWith(usage.onUsage)(['vercel:anthropic/claude-sonnet-4-5', 'gpt-4o']),
        prompt: 'hi',
        onError: () => {},
      });
      expect(await result.text).toBe('partial answer');
      expect(await result.finishReason).toBe('error');
      expect(paths()).toEqual([VERCEL]);
      const [event] = await usage.waitFor(1);
      expect(event).toMatchObject({ status: 'error', gateway: 'vercel', fallbackIndex: 0 });
    });
  },
);
