import { z } from 'zod';

/*
 * The OpenAI text-to-speech request (`POST /v1/audio/speech`); the answer is audio bytes.
 * https://platform.openai.com/docs/api-reference/audio/createSpeech
 */

/** Longest input text (OpenAI's limit). */
export const MAX_SPEECH_INPUT_CHARS = 4096;

export const speechRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    input: z.string().min(1).max(MAX_SPEECH_INPUT_CHARS),
    voice: z.union([z.string().min(1).max(64), z.object({ id: z.string().min(1).max(128) })]),
    instructions: z.string().max(MAX_SPEECH_INPUT_CHARS).optional(),
    response_format: z.enum(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']).optional(),
    speed: z.number().min(0.25).max(4).optional(),
    stream_format: z.enum(['sse', 'audio']).optional(),
  })
  .meta({
    id: 'SpeechRequest',
    description: 'Request body of POST /v1/audio/speech. Unknown fields are forwarded as-is.',
  });

/** A validated speech request. */
export type SpeechRequest = z.infer<typeof speechRequestSchema>;
