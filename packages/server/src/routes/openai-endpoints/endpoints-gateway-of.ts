import { createOpenAIEndpointsGateway, type OpenAIEndpointsGateway } from '@stereos/core';
import type { ServerConfig } from '../../config/load-config';
import type { EmbeddingsDeps } from '../embeddings/embeddings-gateway-of';
import { embeddingsGatewayOptions } from '../embeddings/embeddings-gateway-of';

/**
 * Core's gateway of the OpenAI-wire endpoints beside chat (images, audio, moderations), with the
 * chat gateway's settings: same providers, retries, timeout, caps, prices, sinks and global
 * budget, so each call is governed and recorded as a chat call is; per-unit prices come from
 * `STEREOS_PRICES` too.
 */
export function endpointsGatewayOf(
  config: ServerConfig,
  deps: EmbeddingsDeps,
): OpenAIEndpointsGateway {
  return createOpenAIEndpointsGateway({
    ...embeddingsGatewayOptions(config, deps),
    unitPrices: config.policy.unitPrices,
  });
}
