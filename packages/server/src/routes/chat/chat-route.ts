import { createRoute, z } from '@hono/zod-openapi';
import {
  chatCompletionChunkSchema,
  chatCompletionRequestSchema,
  chatCompletionSchema,
  REQUEST_ID_HEADER,
  STEREOS_REQUEST_HEADERS,
  STEREOS_RESPONSE_HEADERS,
} from '@stereos/core';
import { errorResponses } from '../../errors/error-responses';
import { KEY_SECURITY } from '../doc/register-doc';

const callHeaders = z.object({
  [REQUEST_ID_HEADER]: z.string().optional().describe('Echoed back; generated when absent.'),
  [STEREOS_REQUEST_HEADERS.fallbackModels]: z
    .string()
    .optional()
    .describe('Comma-separated models to try, in order, after `model` fails.'),
  [STEREOS_REQUEST_HEADERS.user]: z
    .string()
    .optional()
    .describe('End user for the usage event; overrides the body `user`.'),
  [STEREOS_REQUEST_HEADERS.tags]: z
    .string()
    .optional()
    .describe('Comma-separated tags for the usage event.'),
  [STEREOS_REQUEST_HEADERS.metadata]: z
    .string()
    .optional()
    .describe('JSON object of strings for the usage event, e.g. `{"team":"search"}`.'),
});

const servedHeaders = {
  [REQUEST_ID_HEADER]: { description: 'The request id.', schema: { type: 'string' as const } },
  [STEREOS_RESPONSE_HEADERS.provider]: {
    description: 'Provider that served.',
    schema: { type: 'string' as const },
  },
  [STEREOS_RESPONSE_HEADERS.model]: {
    description: 'Upstream model that served.',
    schema: { type: 'string' as const },
  },
  [STEREOS_RESPONSE_HEADERS.attempts]: {
    description: 'Upstream attempts, retries and fallbacks included.',
    schema: { type: 'integer' as const },
  },
  [STEREOS_RESPONSE_HEADERS.fallbackIndex]: {
    description: 'Index of the model that served in the fallback list (0 = `model`).',
    schema: { type: 'integer' as const },
  },
};

/**
 * The OpenAPI description of `POST /v1/chat/completions`. Only registered for the document: the
 * handler reads the body itself (raw bytes for pass-through, lenient content type).
 */
export const chatCompletionsRoute = createRoute({
  method: 'post',
  path: '/v1/chat/completions',
  tags: ['OpenAI-compatible'],
  summary: 'Create a chat completion',
  description:
    'Routes `model` to a provider (`claude*` → Anthropic, `provider/model` forces one, else ' +
    'OpenAI), retries, falls back over `models` / `x-stereos-fallback-models`, and answers in ' +
    'the OpenAI format: JSON, or server-sent `chat.completion.chunk` events with `stream: true`. ' +
    'At most STEREOS_MAX_FALLBACK_MODELS models (duplicates dropped) and STEREOS_MAX_ATTEMPTS ' +
    'upstream attempts per request. With STEREOS_BUDGET_USD set, the call reserves its worst ' +
    'case (input estimate + `max_tokens`, 4096 when unset) before any upstream call and answers ' +
    '402 when it does not fit. In passthrough mode the bearer key goes only to the provider of ' +
    '`model`; send `x-stereos-key-<provider>` for fallback models of other providers.',
  security: KEY_SECURITY,
  request: {
    headers: callHeaders,
    body: {
      required: true,
      content: { 'application/json': { schema: chatCompletionRequestSchema } },
    },
  },
  responses: {
    200: {
      description: 'The completion (JSON), or its chunks as server-sent events.',
      headers: servedHeaders,
      content: {
        'application/json': { schema: chatCompletionSchema },
        'text/event-stream': { schema: chatCompletionChunkSchema },
      },
    },
    ...errorResponses(400, 401, 402, 413, 429, 500, 502, 503, 504),
  },
});
