import { createRoute, z } from '@hono/zod-openapi';
import { imagesRequestSchema, moderationsRequestSchema, speechRequestSchema } from '@stereos/core';
import { errorResponses } from '../../errors/error-responses';
import { KEY_SECURITY } from '../doc/register-doc';

/*
 * The OpenAPI description of the routes beside chat (registered for the document only: the
 * handlers read their bodies themselves).
 */

const ROUTED =
  'Routed by `model` like chat completions and sent to the provider’s OpenAI-wire endpoint ' +
  'beside its chat path (a provider without it answers 400 `unsupported_endpoint`), with the ' +
  'same auth, budgets, retries, fallback and one usage event.';

const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.looseObject({}) } },
});

/** https://platform.openai.com/docs/api-reference/images/create */
export const imagesRoute = createRoute({
  method: 'post',
  path: '/v1/images/generations',
  tags: ['OpenAI-compatible'],
  summary: 'Create images',
  description: `${ROUTED} Event \`operation: images\` with the number of images.`,
  security: KEY_SECURITY,
  request: {
    body: { required: true, content: { 'application/json': { schema: imagesRequestSchema } } },
  },
  responses: {
    200: json('The images (`data[].b64_json` or `data[].url`), as the provider answered.'),
    ...errorResponses(400, 401, 402, 413, 429, 500, 502, 503, 504),
  },
});

/** https://platform.openai.com/docs/api-reference/moderations/create */
export const moderationsRoute = createRoute({
  method: 'post',
  path: '/v1/moderations',
  tags: ['OpenAI-compatible'],
  summary: 'Classify text and images for harmful content',
  description: `${ROUTED} \`model\` defaults to \`omni-moderation-latest\` (OpenAI).`,
  security: KEY_SECURITY,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: moderationsRequestSchema } },
    },
  },
  responses: {
    200: json('The moderation results, as the provider answered.'),
    ...errorResponses(400, 401, 402, 413, 429, 500, 502, 503, 504),
  },
});

/** https://platform.openai.com/docs/api-reference/audio/createSpeech */
export const speechRoute = createRoute({
  method: 'post',
  path: '/v1/audio/speech',
  tags: ['OpenAI-compatible'],
  summary: 'Generate audio from text',
  description:
    `${ROUTED} The audio is streamed on as it arrives, with the provider’s content type; ` +
    'the event records `inputCharacters`.',
  security: KEY_SECURITY,
  request: {
    body: { required: true, content: { 'application/json': { schema: speechRequestSchema } } },
  },
  responses: {
    200: {
      description: 'Audio bytes (`audio/mpeg`, `audio/opus`, `audio/aac`, `audio/flac`, …).',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errorResponses(400, 401, 402, 413, 429, 500, 502, 503, 504),
  },
});

const transcriptionForm = z
  .object({
    file: z.string().openapi({ format: 'binary', description: 'The audio file.' }),
    model: z.string().openapi({ example: 'gpt-4o-transcribe' }),
    response_format: z
      .enum(['json', 'text', 'srt', 'verbose_json', 'vtt', 'diarized_json'])
      .optional(),
    stream: z.enum(['true', 'false']).optional(),
    language: z.string().optional(),
    prompt: z.string().optional(),
    temperature: z.string().optional(),
  })
  .openapi({
    description:
      'Other text fields are forwarded unchanged; `model` may come before or after `file`.',
  });

const audioAnswers = {
  200: {
    description:
      'The transcript: JSON (`json`, `verbose_json`), text (`text`, `srt`, `vtt`), or with ' +
      '`stream=true` SSE (`transcript.text.delta` … `transcript.text.done`).',
    content: {
      'application/json': { schema: z.looseObject({ text: z.string() }) },
      'text/plain': { schema: z.string() },
      'text/event-stream': { schema: z.string() },
    },
  },
  ...errorResponses(400, 401, 402, 413, 429, 500, 502, 503, 504),
};

const uploadDescription =
  `${ROUTED} A \`multipart/form-data\` upload of at most STEREOS_MAX_UPLOAD_BYTES (default ` +
  '25 MiB, 413 past it). When `model` comes before `file`, the file streams through to the ' +
  'provider as it arrives; it is also kept (memory, then a temporary file) so retries and ' +
  'fallback can send it again. Event `operation: transcriptions` with `audioSeconds` when the ' +
  'provider reports them.';

/** https://platform.openai.com/docs/api-reference/audio/createTranscription */
export const transcriptionsRoute = createRoute({
  method: 'post',
  path: '/v1/audio/transcriptions',
  tags: ['OpenAI-compatible'],
  summary: 'Transcribe audio',
  description: uploadDescription,
  security: KEY_SECURITY,
  request: {
    body: { required: true, content: { 'multipart/form-data': { schema: transcriptionForm } } },
  },
  responses: audioAnswers,
});

/** https://platform.openai.com/docs/api-reference/audio/createTranslation */
export const translationsRoute = createRoute({
  method: 'post',
  path: '/v1/audio/translations',
  tags: ['OpenAI-compatible'],
  summary: 'Translate audio into English',
  description: uploadDescription,
  security: KEY_SECURITY,
  request: {
    body: { required: true, content: { 'multipart/form-data': { schema: transcriptionForm } } },
  },
  responses: audioAnswers,
});

const imageEditForm = z
  .object({
    image: z.string().openapi({
      format: 'binary',
      description: 'The image to edit; or up to 16 `image[]` parts (GPT image models).',
    }),
    mask: z.string().optional().openapi({ format: 'binary', description: 'Optional mask (PNG).' }),
    prompt: z.string().openapi({ example: 'Add a red hat' }),
    model: z.string().optional().openapi({ example: 'gpt-image-1' }),
    n: z.string().optional(),
    size: z.string().optional(),
    quality: z.string().optional(),
    response_format: z.enum(['url', 'b64_json']).optional(),
  })
  .openapi({ description: 'Other text fields are forwarded unchanged.' });

/** https://platform.openai.com/docs/api-reference/images/createEdit */
export const imageEditsRoute = createRoute({
  method: 'post',
  path: '/v1/images/edits',
  tags: ['OpenAI-compatible'],
  summary: 'Edit images',
  description:
    `${ROUTED} A \`multipart/form-data\` upload of at most STEREOS_MAX_UPLOAD_BYTES, kept ` +
    '(memory, then temporary files) so retries and fallback can send it again. Priced as image ' +
    'generations; event `operation: images` with the number of images.',
  security: KEY_SECURITY,
  request: {
    body: { required: true, content: { 'multipart/form-data': { schema: imageEditForm } } },
  },
  responses: {
    200: json('The images (`data[].b64_json` or `data[].url`), as the provider answered.'),
    ...errorResponses(400, 401, 402, 413, 429, 500, 502, 503, 504),
  },
});
