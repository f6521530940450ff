import { createRoute, z } from '@hono/zod-openapi';
import {
  chatCompletionChunkSchema,
  chatCompletionRequestSchema,
  chatCompletionSchema,
} from '@stereos/core';
import { errorResponses } from '../../errors/error-responses';
import { KEY_SECURITY } from '../doc/register-doc';

const callHeaders = z.object({
  'x-request-id': z.string().optional().describe('Echoed back; generated when absent.'),
  'x-stereos-fallback-models': z
    .string()
    .optional()
    .describe('Comma-separated models to try, in order, after `model` fails.'),
  'x-stereos-user': z
    .string()
    .optional()
    .describe('End user for the usage event; overrides the body `user`.'),
  'x-stereos-tags': z.string().optional().describe('Comma-separated tags for the usage event.'),
  'x-stereos-metadata': z
    .string()
    .optional()
    .describe('JSON object of strings for the usage event, e.g. `{"team":"search"}`.'),
});

const servedHeaders = {
  'x-request-id': { description: 'The request id.', schema: { type: 'string' as const } },
  'x-stereos-provider': {
    description: 'Provider that served.',
    schema: { type: 'string' as const },
  },
  'x-stereos-model': {
    description: 'Upstream model that served.',
    schema: { type: 'string' as const },
  },
  'x-stereos-attempts': {
    description: 'Upstream attempts, retries and fallbacks included.',
    schema: { type: 'integer' as const },
  },
  'x-stereos-fallback-index': {
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
