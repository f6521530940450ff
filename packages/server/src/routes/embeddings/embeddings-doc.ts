import { createRoute, z } from '@hono/zod-openapi';
import { embeddingsRequestSchema } from '@stereos/core';
import { errorResponses } from '../../errors/error-responses';
import { KEY_SECURITY } from '../doc/register-doc';

/**
 * The OpenAPI description of `POST /v1/embeddings` (only registered for the document: the
 * handler reads the body itself). https://platform.openai.com/docs/api-reference/embeddings
 */
export const embeddingsRoute = createRoute({
  method: 'post',
  path: '/v1/embeddings',
  tags: ['OpenAI-compatible'],
  summary: 'Create embeddings',
  description:
    'Routed by `model` like chat completions and sent to the provider’s OpenAI-wire ' +
    '`/embeddings` (a provider without one, such as Anthropic, answers 400), with the same ' +
    'auth, budgets, retries, fallback and one usage event.',
  security: KEY_SECURITY,
  request: {
    body: { required: true, content: { 'application/json': { schema: embeddingsRequestSchema } } },
  },
  responses: {
    200: {
      description: 'The embeddings, as the provider answered them.',
      content: { 'application/json': { schema: z.looseObject({ data: z.array(z.unknown()) }) } },
    },
    ...errorResponses(400, 401, 402, 413, 429, 500, 502, 503, 504),
  },
});
