import type { ErrorBehaviour } from './behaviour.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { newId } from './ids.js';

/** The `error` object of an Anthropic error response. */
export interface AnthropicErrorObject {
  type: string;
  message: string;
}

// Types and messages as documented for the Claude API's HTTP errors.
const DEFAULTS: Record<number, AnthropicErrorObject> = {
  400: { type: 'invalid_request_error', message: 'Invalid request.' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  403: {
    type: 'permission_error',
    message: 'Your API key does not have permission to use the specified resource.',
  },
  404: { type: 'not_found_error', message: 'The requested resource could not be found.' },
  413: {
    type: 'request_too_large',
    message: 'Request exceeds the maximum allowed number of bytes.',
  },
  429: {
    type: 'rate_limit_error',
    message: 'Number of requests has exceeded your per-minute rate limit.',
  },
  500: { type: 'api_error', message: 'Internal server error' },
  504: { type: 'timeout_error', message: 'Request timed out.' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

/** Builds the `error` object, filling the documented type and a message for `status`. */
export function anthropicError(
  status: number,
  overrides: { message?: string; type?: string } = {},
): AnthropicErrorObject {
  const defaults = DEFAULTS[status] ?? {
    type: status >= 500 ? 'api_error' : 'invalid_request_error',
    message: `Request failed with status ${status}.`,
  };
  return { type: overrides.type ?? defaults.type, message: overrides.message ?? defaults.message };
}

/** The full error body: `{ type: 'error', error, request_id }`. */
export function anthropicErrorBody(error: AnthropicErrorObject, requestId: string) {
  return { type: 'error', error, request_id: requestId };
}

/** Sends an Anthropic error with its status, a `request-id` header and any extra headers. */
export function sendAnthropicError(exchange: Exchange, behaviour: ErrorBehaviour): void {
  const requestId = newId('req_');
  const body = anthropicErrorBody(anthropicError(behaviour.status, behaviour), requestId);
  sendJson(exchange.res, behaviour.status, body, { 'request-id': requestId, ...behaviour.headers });
}
