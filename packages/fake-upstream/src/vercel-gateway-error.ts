import type { ErrorBehaviour } from './behaviour.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';

/** The `error` object of an AI Gateway error response, as `@ai-sdk/gateway` parses it. */
export interface VercelErrorObject {
  message: string;
  /** Selects the client's error class: `authentication_error`, `rate_limit_exceeded`, … */
  type: string;
  param?: unknown;
  code?: string;
}

// Types `@ai-sdk/gateway` maps to its error classes; 402 has none there (it becomes a
// `GatewayInternalServerError` that keeps the 402 status).
const DEFAULTS: Record<number, Omit<VercelErrorObject, 'param'>> = {
  400: { message: 'Invalid request', type: 'invalid_request_error' },
  401: { message: 'Invalid API key', type: 'authentication_error' },
  402: {
    message: 'Insufficient funds. Add credits to your AI Gateway account to continue.',
    type: 'insufficient_funds',
  },
  403: { message: 'Forbidden', type: 'forbidden' },
  404: { message: 'Model not found', type: 'model_not_found' },
  429: { message: 'Rate limit exceeded', type: 'rate_limit_exceeded' },
};

/** Builds the `error` object for `status`, with realistic defaults. */
export function vercelError(
  status: number,
  overrides: { message?: string; type?: string; code?: string } = {},
  modelId?: string,
): VercelErrorObject {
  const defaults = DEFAULTS[status] ?? {
    message: status >= 500 ? 'Internal server error' : `Request failed with status ${status}`,
    type: status >= 500 ? 'internal_server_error' : 'invalid_request_error',
  };
  const type = overrides.type ?? defaults.type;
  const error: VercelErrorObject = { message: overrides.message ?? defaults.message, type };
  if (type === 'model_not_found' && modelId) error.param = { modelId };
  if (overrides.code) error.code = overrides.code;
  return error;
}

/** Sends `{ error: {...} }` with the status and any extra headers (e.g. `retry-after`). */
export function sendVercelError(exchange: Exchange, behaviour: ErrorBehaviour, modelId?: string) {
  sendJson(
    exchange.res,
    behaviour.status,
    { error: vercelError(behaviour.status, behaviour, modelId) },
    behaviour.headers,
  );
}
