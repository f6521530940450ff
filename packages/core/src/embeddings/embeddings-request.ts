import { z } from 'zod';
import { tokensOfChars } from '../usage/estimate-tokens';

/*
 * The OpenAI embeddings request (`POST /v1/embeddings`), loose: fields the gateway does not read
 * are forwarded to the upstream unchanged. https://platform.openai.com/docs/api-reference/embeddings/create
 */

/** Most inputs in one request (OpenAI's own limit is 2048). */
export const MAX_EMBEDDING_INPUTS = 2048;

const tokens = z.array(z.number().int().nonnegative()).min(1);

export const embeddingsRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    input: z.union([
      z.string(),
      z.array(z.string()).min(1).max(MAX_EMBEDDING_INPUTS),
      tokens,
      z.array(tokens).min(1).max(MAX_EMBEDDING_INPUTS),
    ]),
    encoding_format: z.enum(['float', 'base64']).optional(),
    dimensions: z.number().int().positive().optional(),
    user: z.string().optional(),
  })
  .meta({
    id: 'EmbeddingsRequest',
    description: 'Request body of POST /v1/embeddings. Unknown fields are forwarded as-is.',
  });

/** A validated embeddings request. */
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

/** Token usage of an embeddings answer (no output tokens). */
export interface EmbeddingsUsage {
  prompt_tokens?: number;
  total_tokens?: number;
}

/** Estimated input tokens: text by its length, token arrays by their count. */
export function estimateEmbeddingTokens(input: EmbeddingsRequest['input']): number {
  if (typeof input === 'string') return tokensOfChars(input.length);
  let total = 0;
  for (const item of input) {
    if (typeof item === 'string') total += tokensOfChars(item.length);
    else if (typeof item === 'number') total += 1;
    else total += item.length;
  }
  return total;
}
