import { createRoute, z } from '@hono/zod-openapi';
import { anthropicCountTokensRequestSchema, anthropicMessagesRequestSchema } from '@stereos/core';
import { KEY_SECURITY } from '../doc/register-doc';

const anthropicError = {
  'application/json': {
    schema: z
      .object({
        type: z.literal('error'),
        error: z.object({ type: z.string(), message: z.string() }),
      })
      .meta({ id: 'AnthropicErrorBody' }),
  },
};

const errors = Object.fromEntries(
  [400, 401, 402, 403, 404, 413, 429, 500, 502, 503, 504].map((status) => [
    status,
    { description: 'An Anthropic-shaped error.', content: anthropicError },
  ]),
);

/**
 * The OpenAPI description of `POST /v1/messages` (only registered for the document: the handler
 * reads the body itself). https://docs.anthropic.com/en/api/messages
 */
export const messagesRoute = createRoute({
  method: 'post',
  path: '/v1/messages',
  tags: ['Anthropic-compatible'],
  summary: 'Create a message (Anthropic Messages API)',
  description:
    'The Anthropic Messages API, served by any provider through the same engine as chat ' +
    'completions (Anthropic upstreams get it translated back; others through Chat). ' +
    'Streaming answers the Messages event sequence. `anthropic-version` and `anthropic-beta` ' +
    'are passed on to Anthropic targets; STEREOS_MODEL_MAP serves Claude ids with other models.',
  security: KEY_SECURITY,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: anthropicMessagesRequestSchema } },
    },
  },
  responses: {
    200: {
      description: 'The message (JSON), or its events as server-sent events with `stream: true`.',
      content: {
        'application/json': { schema: z.looseObject({}) },
        'text/event-stream': { schema: z.string() },
      },
    },
    ...errors,
  },
});

/** `POST /v1/messages/count_tokens`: https://docs.anthropic.com/en/api/messages-count-tokens */
export const countTokensRoute = createRoute({
  method: 'post',
  path: '/v1/messages/count_tokens',
  tags: ['Anthropic-compatible'],
  summary: 'Count the input tokens of a message (an estimate)',
  security: KEY_SECURITY,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: anthropicCountTokensRequestSchema } },
    },
  },
  responses: {
    200: {
      description: '`{ "input_tokens": n }`, estimated without an upstream call.',
      content: { 'application/json': { schema: z.object({ input_tokens: z.number() }) } },
    },
    ...errors,
  },
});
