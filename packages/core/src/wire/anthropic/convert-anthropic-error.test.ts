import { describe, expect, it } from 'vitest';
import { anthropicErrorStatus, convertAnthropicError } from './convert-anthropic-error';

const anthropicError = (type: string, message: string) => ({
  type: 'error',
  error: { type, message },
  request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy',
});

describe('convertAnthropicError', () => {
  it.each([
    [400, 'invalid_request_error', 'invalid_request_error', null],
    [401, 'authentication_error', 'authentication_error', 'invalid_api_key'],
    [403, 'permission_error', 'permission_error', null],
    [404, 'not_found_error', 'not_found_error', null],
    [413, 'request_too_large', 'invalid_request_error', 'request_too_large'],
    [429, 'rate_limit_error', 'rate_limit_error', 'rate_limit_exceeded'],
    [500, 'api_error', 'server_error', null],
    [529, 'overloaded_error', 'server_error', 'overloaded'],
  ])('maps %i %s', (status, anthropicType, type, code) => {
    expect(convertAnthropicError(anthropicError(anthropicType, 'Boom'), status)).toEqual({
      error: { message: 'Boom', type, param: null, code },
    });
    expect(anthropicErrorStatus(anthropicType)).toBe(status);
  });

  it('falls back on the status for unknown types and bodies', () => {
    expect(convertAnthropicError(anthropicError('conflict_error', 'Busy'), 409)).toEqual({
      error: {
        message: 'Busy',
        type: 'invalid_request_error',
        param: null,
        code: 'conflict_error',
      },
    });
    expect(convertAnthropicError('<html>Bad gateway</html>', 502)).toEqual({
      error: {
        message: 'Anthropic upstream returned HTTP 502.',
        type: 'server_error',
        param: null,
        code: null,
      },
    });
    expect(anthropicErrorStatus('toString')).toBe(500);
  });
});
