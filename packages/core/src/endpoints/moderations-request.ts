import { z } from 'zod';

/*
 * The OpenAI moderation request (`POST /v1/moderations`).
 * https://platform.openai.com/docs/api-reference/moderations/create
 */

/** OpenAI's default moderation model when the request names none. */
export const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';
/** Most inputs (strings or parts) in one request. */
export const MAX_MODERATION_INPUTS = 1000;
/** Longest text of one input. */
export const MAX_MODERATION_TEXT_CHARS = 1_000_000;
/** Longest image URL (a data URL of a large image fits). */
export const MAX_MODERATION_IMAGE_URL_CHARS = 8 * 1024 * 1024;

const text = z.string().max(MAX_MODERATION_TEXT_CHARS);
const part = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text }),
  z.object({
    type: z.literal('image_url'),
    image_url: z.object({ url: z.string().min(1).max(MAX_MODERATION_IMAGE_URL_CHARS) }),
  }),
]);

export const moderationsRequestSchema = z
  .looseObject({
    model: z.string().min(1).optional(),
    input: z.union([
      text,
      z.array(text).min(1).max(MAX_MODERATION_INPUTS),
      z.array(part).min(1).max(MAX_MODERATION_INPUTS),
    ]),
  })
  .meta({
    id: 'ModerationsRequest',
    description: 'Request body of POST /v1/moderations. Unknown fields are forwarded as-is.',
  });

/** A validated moderation request. */
export type ModerationsRequest = z.infer<typeof moderationsRequestSchema>;

/** Characters of text in a moderation input (images count as a small fixed amount). */
export function moderationInputChars(input: ModerationsRequest['input']): number {
  if (typeof input === 'string') return input.length;
  let chars = 0;
  for (const item of input) {
    if (typeof item === 'string') chars += item.length;
    else chars += item.type === 'text' ? item.text.length : 1000;
  }
  return chars;
}
