import type { OpenAPIHono } from '@hono/zod-openapi';
import type { OpenAIEndpointsGateway } from '@stereos/core';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import type { CallRouteDeps } from '../call/admit-call';
import { createJsonEndpointRoutes } from './json-endpoint-routes';
import { createUploadRoutes } from './upload-routes';

/**
 * The OpenAI-wire routes beside chat and embeddings, on one core gateway: images, moderations,
 * speech, transcriptions and translations. https://platform.openai.com/docs/api-reference
 */
export function createOpenAIEndpointsRoutes(
  gateway: OpenAIEndpointsGateway,
  config: ServerConfig,
  deps: CallRouteDeps,
): OpenAPIHono<AppEnv>[] {
  return [
    createJsonEndpointRoutes(config, gateway, deps),
    createUploadRoutes(config, gateway, deps),
  ];
}
