import { describe, expect, it } from 'vitest';
import { CallFailure } from '../errors/call-failure';
import { InvalidRequestError } from '../errors/invalid-request-error';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import type { GatewayEvent } from '../usage/gateway-event';
import type { CallSpec } from './call-adapter';
import { createCallEngine } from './call-engine';
import { createCallRecorder } from './call-recorder';

interface Target {
  provider: string;
  model: string;
}

function spec(overrides: Partial<CallSpec<Target>> = {}): CallSpec<Target> {
  return {
    operation: 'transcriptions',
    stream: false,
    targets: [{ provider: 'openai', model: 'whisper-1' }],
    describe: (t) => t,
    requestedModel: 'whisper-1',
    subject: {},
    secrets: [],
    estimateInputTokens: () => 0,
    maxOutputTokens: 0,
    ...overrides,
  };
}

function engineWith(events: GatewayEvent[]) {
  return createCallEngine({
    gateway: 'test',
    retry: { maxRetries: 0, baseDelayMs: 1 },
    timeoutMs: 2_000,
    sinks: [(e) => void events.push(e)],
  });
}

/** The upload cap as the server's upload route fails a call with it. */
const uploadTooLarge = () =>
  new InvalidRequestError({
    status: 413,
    code: 'request_too_large',
    message: 'Upload is larger than 100000 bytes (STEREOS_MAX_UPLOAD_BYTES).',
  });

async function failedEvent(promise: Promise<unknown>): Promise<GatewayEvent> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!CallFailure.isInstance(error)) throw new Error(`expected a CallFailure, got ${error}`);
  return error.failed.event;
}

describe('size caps in the ledger', () => {
  it('an upload past its cap while an attempt streams it: invalid_request, 413', async () => {
    const events: GatewayEvent[] = [];
    const upload = new AbortController();
    const event = await failedEvent(
      engineWith(events).generate(spec({ signal: upload.signal }), {
        attempt: (_target, ctx) =>
          new Promise((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
            upload.abort(uploadTooLarge());
          }),
        usage: () => ({ usage: undefined, finishReason: undefined, outputChars: () => 0 }),
      }),
    );
    expect(events).toEqual([event]);
    expect(event).toMatchObject({
      status: 'invalid_request',
      attempts: 1,
      error: {
        message: 'Upload is larger than 100000 bytes (STEREOS_MAX_UPLOAD_BYTES).',
        status: 413,
      },
    });
  });

  it('an upstream answer past its cap: error, 502', async () => {
    const events: GatewayEvent[] = [];
    const event = await failedEvent(
      engineWith(events).generate(spec(), {
        attempt: async () => {
          throw new UpstreamHttpError({
            status: 502,
            message: "openai answered with more than 2048 bytes (the gateway's limit)",
            provider: 'openai',
            code: 'response_too_large',
          });
        },
        usage: () => ({ usage: undefined, finishReason: undefined, outputChars: () => 0 }),
      }),
    );
    expect(event).toMatchObject({
      status: 'error',
      provider: 'openai',
      error: { status: 502, type: 'upstream_error', code: 'response_too_large' },
    });
  });

  it("the caller's bad input found after the commit (a stream ending on it) is invalid_request", () => {
    const recorder = () =>
      createCallRecorder({ gateway: 'test', requestedModel: 'whisper-1', stream: true, sinks: [] });
    const event = recorder().finish({ status: 'error', error: uploadTooLarge() });
    expect(event).toMatchObject({ status: 'invalid_request', error: { status: 413 } });
    // The caller's abort stays an abort, an upstream's failure an error.
    expect(recorder().finish({ status: 'aborted', error: uploadTooLarge() }).status).toBe(
      'aborted',
    );
    const failure = new UpstreamHttpError({ status: 400, message: 'bad', provider: 'openai' });
    expect(recorder().finish({ status: 'error', error: failure }).status).toBe('error');
  });
});
