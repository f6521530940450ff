import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import type { EmbeddingsDeps } from '../embeddings/embeddings-gateway-of';
import type { EndpointRouteDeps } from './endpoint-caller';
import { endpointsGatewayOf } from './endpoints-gateway-of';
import { createJsonEndpointRoutes } from './json-endpoint-routes';
import { createUploadRoutes } from './upload-routes';

/**
 * The OpenAI-wire routes beside chat and embeddings, on one core gateway: images, moderations,
 * speech, transcriptions and translations. https://platform.openai.com/docs/api-reference
 */
export function createOpenAIEndpointsRoutes(
  config: ServerConfig,
  deps: EmbeddingsDeps & EndpointRouteDeps,
): OpenAPIHono<AppEnv>[] {
  const gateway = endpointsGatewayOf(config, deps);
  return [
    createJsonEndpointRoutes(config, gateway, deps),
    createUploadRoutes(config, gateway, deps),
  ];
}
