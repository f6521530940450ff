import {
  GatewayAuthenticationError,
  GatewayInternalServerError,
  GatewayInvalidRequestError,
  GatewayRateLimitError,
  GatewayResponseError,
} from '@ai-sdk/gateway';
import { classifyError } from '@stereos/core';
import { describe, expect, it } from 'vitest';

// `@ai-sdk/gateway`'s own error classes (not `APICallError`s), as a raw `gateway('…')` model
// mixed into a fallback list throws them: the core decides from their `statusCode`.
describe('core classifyError on @ai-sdk/gateway errors', () => {
  it.each([
    ['401 authentication', new GatewayAuthenticationError(), false],
    ['402 from an unmapped type', new GatewayInternalServerError({ statusCode: 402 }), false],
    ['400 invalid request', new GatewayInvalidRequestError(), false],
    ['429 rate limit', new GatewayRateLimitError(), true],
    ['500 internal', new GatewayInternalServerError(), true],
    ['503 internal', new GatewayInternalServerError({ statusCode: 503 }), true],
    ['502 bad response', new GatewayResponseError(), true],
  ])('%s: retried %s, always fallen back from', (_name, error, retryable) => {
    const failure = classifyError(error);
    expect(failure).toMatchObject({ kind: 'http', status: error.statusCode, retryable });
    expect(failure.fallbackable).toBe(true);
  });
});
