import type { OpenAIErrorBody } from '../openai-chat';
import type { AnthropicErrorType } from './anthropic-messages-api';

interface ErrorMapping {
  type: string;
  code: string | null;
  status: number;
}

// Anthropic error type → OpenAI error type and code, plus the HTTP status Anthropic uses for it.
const ERROR_MAPPINGS: Record<AnthropicErrorType, ErrorMapping> = {
  invalid_request_error: { type: 'invalid_request_error', code: null, status: 400 },
  authentication_error: { type: 'authentication_error', code: 'invalid_api_key', status: 401 },
  billing_error: { type: 'insufficient_quota', code: 'insufficient_quota', status: 402 },
  permission_error: { type: 'permission_error', code: null, status: 403 },
  not_found_error: { type: 'not_found_error', code: null, status: 404 },
  request_too_large: { type: 'invalid_request_error', code: 'request_too_large', status: 413 },
  rate_limit_error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', status: 429 },
  api_error: { type: 'server_error', code: null, status: 500 },
  timeout_error: { type: 'timeout_error', code: 'timeout', status: 504 },
  overloaded_error: { type: 'server_error', code: 'overloaded', status: 529 },
};

/**
 * Converts an Anthropic error response body (parsed JSON, or anything else a proxy returned)
 * with its HTTP status into the OpenAI error envelope.
 */
export function convertAnthropicError(body: unknown, status: number): OpenAIErrorBody {
  const detail = readErrorDetail(body);
  const mapping = detail !== undefined ? lookupMapping(detail.type) : undefined;
  const type = mapping?.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
  return {
    error: {
      message: detail?.message ?? `Anthropic upstream returned HTTP ${status}.`,
      type,
      param: null,
      // Unknown Anthropic types travel as the code so the client still sees what happened.
      code: mapping !== undefined ? mapping.code : (detail?.type ?? null),
    },
  };
}

/** The HTTP status Anthropic uses for an error type (500 for unknown types). */
export function anthropicErrorStatus(errorType: string): number {
  return lookupMapping(errorType)?.status ?? 500;
}

function lookupMapping(errorType: string): ErrorMapping | undefined {
  return Object.hasOwn(ERROR_MAPPINGS, errorType)
    ? ERROR_MAPPINGS[errorType as AnthropicErrorType]
    : undefined;
}

function readErrorDetail(body: unknown): { type: string; message: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, message } = error as { type?: unknown; message?: unknown };
  if (typeof type !== 'string') return undefined;
  return { type, message: typeof message === 'string' ? message : type };
}
