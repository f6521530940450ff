import type { AnthropicErrorBody, AnthropicErrorType } from './anthropic-messages-api';
import { anthropicErrorStatus } from './convert-anthropic-error';

// Every documented error type; the status of each comes from `convertAnthropicError`'s table,
// so the inverse (status → type) cannot drift from it.
// https://docs.anthropic.com/en/api/errors
const TYPES = {
  invalid_request_error: true,
  authentication_error: true,
  billing_error: true,
  permission_error: true,
  not_found_error: true,
  request_too_large: true,
  rate_limit_error: true,
  api_error: true,
  timeout_error: true,
  overloaded_error: true,
} satisfies Record<AnthropicErrorType, true>;

const TYPE_BY_STATUS = new Map<number, AnthropicErrorType>();
for (const type of Object.keys(TYPES) as AnthropicErrorType[]) {
  TYPE_BY_STATUS.set(anthropicErrorStatus(type), type);
}

/**
 * The Anthropic error type for an HTTP status: 400 `invalid_request_error`, 401
 * `authentication_error`, 402 `billing_error`, 403 `permission_error`, 404 `not_found_error`,
 * 413 `request_too_large`, 429 `rate_limit_error`, 500 `api_error`, 504 `timeout_error`, 529
 * `overloaded_error`; other 4xx read as `invalid_request_error`, other 5xx as `api_error`.
 */
export function anthropicErrorTypeOf(status: number): AnthropicErrorType {
  return TYPE_BY_STATUS.get(status) ?? (status < 500 ? 'invalid_request_error' : 'api_error');
}

/** The Anthropic error envelope: `{"type":"error","error":{"type":…,"message":…}}`. */
export function anthropicErrorBody(
  status: number,
  message: string,
  requestId?: string | undefined,
): AnthropicErrorBody {
  const body: AnthropicErrorBody = {
    type: 'error',
    error: { type: anthropicErrorTypeOf(status), message },
  };
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}

/**
 * The Anthropic error type for an OpenAI-shaped error without a status (a stream's in-band
 * `{"error": {…}}`): a type both APIs share is kept, `overloaded` codes read as
 * `overloaded_error`, anything else as `api_error`.
 */
export function anthropicErrorTypeOfOpenAI(
  type: string | null | undefined,
  code: string | null | undefined,
): AnthropicErrorType {
  if (code === 'overloaded') return 'overloaded_error';
  if (type && Object.hasOwn(TYPES, type)) return type as AnthropicErrorType;
  return 'api_error';
}
