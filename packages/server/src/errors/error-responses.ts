import { openAIErrorBodySchema } from '@stereos/core';

const errorContent = { 'application/json': { schema: openAIErrorBodySchema } };

/** OpenAPI response entries for the error statuses a route can answer with. */
export function errorResponses<const S extends readonly ErrorStatus[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: ERROR_DESCRIPTIONS[status], content: errorContent },
    ]),
  ) as Record<S[number], { description: string; content: typeof errorContent }>;
}

const ERROR_DESCRIPTIONS = {
  400: 'Bad input: malformed JSON, a schema error (the message names the field), an unknown provider prefix.',
  401: 'Missing or invalid key.',
  402: 'A budget (STEREOS_BUDGET_USD) would be exceeded: `code: budget_exceeded`, with `error.budget` = { scope, limit_usd, used_usd, requested_usd, reset_at, max_output_tokens }; lower `max_tokens` to reserve less. Or, with a budget set, the model has no known price: `code: unpriced_model`.',
  404: 'Unknown route.',
  413: 'Request body larger than MAX_BODY_BYTES.',
  429: 'Rate limited (upstream or gateway); see `retry-after`.',
  500: 'Unexpected gateway error.',
  502: 'Upstream failed after retries and fallback (error status or connection error).',
  503: 'Upstream unavailable (503/529) after retries and fallback, or no key for the provider (`code: provider_not_configured`, naming the env variable).',
  504: 'Upstream timed out (REQUEST_TIMEOUT_SECS) after retries and fallback.',
} as const;

/** A status the gateway answers errors with. */
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;
