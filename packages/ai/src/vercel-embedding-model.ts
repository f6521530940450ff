import type { EmbeddingModelV2 } from '@ai-sdk/provider';
import { vercelAttemptError } from './vercel-attempt-error';
import { type VercelModelSettings, vercelGatewayProvider } from './vercel-gateway-provider';

/** `@ai-sdk/gateway` answers at most this many values per call (its `maxEmbeddingsPerCall`). */
const MAX_EMBEDDINGS_PER_CALL = 2048;

/**
 * `@ai-sdk/gateway`'s embedding model for `modelId` (`POST …/v1/ai/embedding-model`), created
 * afresh for every call as the language model is: the endpoint and key come from the
 * environment at call time, and its errors carry their status for retry and fallback.
 * https://vercel.com/docs/ai-gateway/modalities/embeddings
 */
export function vercelEmbeddingModel(
  modelId: string,
  settings: VercelModelSettings,
): EmbeddingModelV2<string> {
  const modelForCall = () => vercelGatewayProvider(settings).textEmbeddingModel(modelId);
  return {
    specificationVersion: 'v2',
    provider: 'gateway',
    modelId,
    maxEmbeddingsPerCall: MAX_EMBEDDINGS_PER_CALL,
    supportsParallelCalls: true,
    async doEmbed(options) {
      try {
        return await modelForCall().doEmbed(options);
      } catch (error) {
        throw vercelAttemptError(error, options.abortSignal);
      }
    },
  };
}
