import { embeddingVector } from './embedding-vector.js';
import { estimateTokens } from './estimate-tokens.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-response.js';
import { VERCEL_FAKE_PRICE } from './vercel-cost.js';
import { sendVercelError } from './vercel-gateway-error.js';

/** The request headers `@ai-sdk/gateway` 2.x sends to `POST …/v1/ai/embedding-model`. */
export const VERCEL_EMBEDDING_HEADERS = {
  specificationVersion: 'ai-embedding-model-specification-version',
  modelId: 'ai-model-id',
} as const;

const DIMENSIONS = 8;

/**
 * The AI Gateway's AI SDK embedding endpoint (`POST …/v1/ai/embedding-model`), as
 * `@ai-sdk/gateway`'s `textEmbeddingModel` calls it: the body is `{ input, providerOptions? }`
 * (`input` one string or several), the model comes in `ai-model-id`. The answer is
 * `{ embeddings, usage: { tokens }, providerMetadata: { gateway: { cost } } }`.
 * https://vercel.com/docs/ai-gateway/modalities/embeddings
 */
export function answerVercelEmbeddingModel(exchange: Exchange): void {
  const { headers, body } = exchange.record;
  const modelId = headers[VERCEL_EMBEDDING_HEADERS.modelId];
  const inputs = typeof body?.input === 'string' ? [body.input] : body?.input;
  if (!/^Bearer \S+/.test(headers.authorization ?? '')) {
    sendVercelError(exchange, { kind: 'error', status: 401 });
  } else if (headers[VERCEL_EMBEDDING_HEADERS.specificationVersion] !== '2') {
    const message = 'Unsupported embedding model specification version';
    sendVercelError(exchange, { kind: 'error', status: 400, message });
  } else if (!modelId || !/^[^/\s]+\/\S+$/.test(modelId)) {
    sendVercelError(exchange, { kind: 'error', status: 404 }, modelId);
  } else if (!Array.isArray(inputs) || !inputs.every((v) => typeof v === 'string')) {
    const message = 'Invalid request body: expected input';
    sendVercelError(exchange, { kind: 'error', status: 400, message });
  } else {
    const tokens = inputs.reduce(
      (sum: number, text: string) => sum + estimateTokens(text.length),
      0,
    );
    const cost = ((tokens * VERCEL_FAKE_PRICE.inputPerMTok) / 1_000_000).toFixed(10);
    sendJson(exchange.res, 200, {
      embeddings: inputs.map((text: string) => embeddingVector(text, DIMENSIONS)),
      usage: { tokens },
      providerMetadata: { gateway: { cost: cost.replace(/\.?0+$/, '') } },
    });
  }
}
