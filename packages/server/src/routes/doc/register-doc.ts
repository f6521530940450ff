import type { OpenAPIHono } from '@hono/zod-openapi';
import { STEREOS_REQUEST_HEADERS } from '@stereos/core';
import type { AppEnv } from '../../app-env';

/** Version reported in the OpenAPI document. */
export const API_VERSION = '0.1.0';

/**
 * `GET /doc`: the OpenAPI 3 document, generated from the route schemas (core's wire schemas
 * become named components through their `.meta({ id })`). Call after every route is mounted.
 */
export function registerDoc(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A gateway key when GATEWAY_API_KEYS is set; otherwise the provider key (passthrough).',
  });
  registry.registerComponent('securitySchemes', 'virtualKey', {
    type: 'apiKey',
    in: 'header',
    name: STEREOS_REQUEST_HEADERS.virtualKey,
    description: 'Preferred over the other two when several are sent.',
  });
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
  });
  app.doc('/doc', {
    openapi: '3.0.0',
    info: {
      title: 'Stereos gateway',
      version: API_VERSION,
      description:
        'An OpenAI-compatible AI gateway: one endpoint routing to OpenAI, Anthropic, Gemini, ' +
        'Kimi, OpenRouter, Vercel AI Gateway, Groq, DeepSeek, xAI, Mistral, Cohere, Azure ' +
        'OpenAI, AWS Bedrock and Vertex AI, with retries, fallback and usage events.',
    },
  });
}

/** The `security` of key-protected routes: any one of the three key headers. */
export const KEY_SECURITY: Record<string, string[]>[] = [
  { virtualKey: [] },
  { bearer: [] },
  { apiKey: [] },
];
