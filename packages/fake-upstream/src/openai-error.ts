import type { ErrorBehaviour } from './behaviour.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { newId } from './ids.js';

/** The `error` object of an OpenAI error response. */
export interface OpenAiErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

type ErrorDefaults = Omit<OpenAiErrorObject, 'param'>;

// Messages and codes modelled on what api.openai.com returns for these statuses.
const DEFAULTS: Record<number, ErrorDefaults> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  401: {
    message:
      'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  },
  403: {
    message: 'You are not allowed to sample from this model.',
    type: 'invalid_request_error',
    code: null,
  },
  404: {
    message: 'The model does not exist or you do not have access to it.',
    type: 'invalid_request_error',
    code: 'model_not_found',
  },
  429: {
    message: 'Rate limit reached for requests. Please try again in 1s.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    code: null,
  },
};

/** Builds the `error` object, filling realistic defaults for `status`. */
export function openAiError(
  status: number,
  overrides: { message?: string; type?: string; code?: string } = {},
): OpenAiErrorObject {
  const defaults = DEFAULTS[status] ?? {
    message: `Request failed with status ${status}.`,
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
  };
  return {
    message: overrides.message ?? defaults.message,
    type: overrides.type ?? defaults.type,
    param: null,
    code: overrides.code ?? defaults.code,
  };
}

/** Sends `{ error: {...} }` with the status and any extra headers (e.g. `retry-after`). */
export function sendOpenAiError(exchange: Exchange, behaviour: ErrorBehaviour): void {
  sendJson(
    exchange.res,
    behaviour.status,
    { error: openAiError(behaviour.status, behaviour) },
    { 'x-request-id': newId('req_', 32), ...behaviour.headers },
  );
}
