import { createRoute, z } from '@hono/zod-openapi';
import { responsesCreateRequestSchema, STEREOS_REQUEST_HEADERS } from '@stereos/core';
import { errorResponses } from '../../errors/error-responses';
import { KEY_SECURITY } from '../doc/register-doc';

/**
 * The OpenAPI description of `POST /v1/responses` (only registered for the document: the
 * handler reads the body itself). https://platform.openai.com/docs/api-reference/responses/create
 */
export const responsesRoute = createRoute({
  method: 'post',
  path: '/v1/responses',
  tags: ['OpenAI-compatible'],
  summary: 'Create a model response (OpenAI Responses API)',
  description:
    'Routes `model` as chat completions do. When every model of the call (with ' +
    '`x-stereos-fallback-models`) belongs to a provider that serves the Responses API (OpenAI, ' +
    'Azure, OpenRouter, Vercel, Groq, xAI), the request is passed through to its `/responses` ' +
    'and the answer returned as it came; otherwise it is translated to Chat Completions and the ' +
    'answer translated back (JSON, or the streamed `response.*` events with `stream: true`). ' +
    'Translated calls keep no state: `previous_response_id`, `conversation`, stored prompts and ' +
    'built-in tools (web_search, file_search, …) are refused with a 400. ' +
    '`x-stereos-responses-mode` says which way a call was served.',
  security: KEY_SECURITY,
  request: {
    headers: z.object({
      [STEREOS_REQUEST_HEADERS.fallbackModels]: z
        .string()
        .optional()
        .describe('Comma-separated models to try, in order, after `model` fails.'),
    }),
    body: {
      required: true,
      content: { 'application/json': { schema: responsesCreateRequestSchema } },
    },
  },
  responses: {
    200: {
      description:
        'The response object (JSON), or its events as server-sent events with `stream: true`.',
      content: {
        'application/json': { schema: z.looseObject({ object: z.literal('response') }) },
        'text/event-stream': { schema: z.string() },
      },
    },
    ...errorResponses(400, 401, 402, 404, 413, 429, 500, 502, 503, 504),
  },
});
