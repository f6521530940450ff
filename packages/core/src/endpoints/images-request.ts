import { z } from 'zod';

/*
 * The OpenAI image generation request (`POST /v1/images/generations`), loose: fields the gateway
 * does not read are forwarded unchanged. https://platform.openai.com/docs/api-reference/images/create
 */

/** Longest prompt (gpt-image-1's limit; DALL·E's are shorter and the provider says so). */
export const MAX_IMAGE_PROMPT_CHARS = 32_000;
/** Most images in one request (DALL·E 2 and gpt-image-1 take 1–10). */
export const MAX_IMAGES = 10;
/** OpenAI's default model when the request names none. */
export const DEFAULT_IMAGE_MODEL = 'dall-e-2';

const option = z.string().min(1).max(64);

export const imagesRequestSchema = z
  .looseObject({
    model: z.string().min(1).optional(),
    prompt: z.string().min(1).max(MAX_IMAGE_PROMPT_CHARS),
    n: z.number().int().min(1).max(MAX_IMAGES).optional(),
    size: option.optional(),
    quality: option.optional(),
    response_format: z.enum(['url', 'b64_json']).optional(),
    style: option.optional(),
    background: option.optional(),
    output_format: option.optional(),
    output_compression: z.number().int().min(0).max(100).optional(),
    moderation: option.optional(),
    // Streamed image generation (partial images) is not served yet.
    stream: z
      .literal(false, { error: 'streaming image generation is not supported; omit `stream`' })
      .optional(),
    user: z.string().optional(),
  })
  .meta({
    id: 'ImagesRequest',
    description: 'Request body of POST /v1/images/generations. Unknown fields are forwarded as-is.',
  });

/** A validated image generation request. */
export type ImagesRequest = z.infer<typeof imagesRequestSchema>;

/** Token usage of a gpt-image-1 answer (DALL·E reports none). */
export interface ImagesUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { text_tokens?: number; image_tokens?: number; cached_tokens?: number };
}
