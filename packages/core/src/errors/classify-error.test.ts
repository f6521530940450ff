import { describe, expect, it } from 'vitest';
import { classifyError } from './classify-error';

describe('classifyError', () => {
  it('finds retry-after on a cause when the error with the status has no headers', () => {
    // As @ai-sdk/gateway does: the status on the gateway error, the response in its cause.
    const cause = { responseHeaders: { 'retry-after': '7' } };
    const error = Object.freeze({ name: 'GatewayRateLimitError', statusCode: 429, cause });
    expect(classifyError(error)).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 7000,
    });
  });

  it('does not retry a failure a Stereos server behind this one already retried', () => {
    const error = { status: 503, headers: { 'x-stereos-attempts': '3' } };
    expect(classifyError(error)).toMatchObject({
      retryable: false,
      fallbackable: true,
      gatewayAttempts: 3,
    });
  });

  it('never retries 401 and 402, and falls back from them', () => {
    for (const status of [401, 402]) {
      expect(classifyError({ statusCode: status })).toMatchObject({
        retryable: false,
        fallbackable: true,
      });
    }
  });
});
