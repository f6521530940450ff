import type { AnswerReader } from '../endpoints/endpoint-gateway';
import { type JsonAnswer, readJsonAnswer } from '../endpoints/json-answer';
import type { EmbeddingsUsage } from './embeddings-request';

/** An embeddings answer: the upstream's JSON text (forwarded as it is) and its usage. */
export type EmbeddingsAnswer = JsonAnswer<{ data?: unknown; usage?: EmbeddingsUsage }>;

/** Reads an embeddings answer; usage is `prompt_tokens` (embeddings have no output tokens). */
export const embeddingsAnswer: AnswerReader<EmbeddingsAnswer> = {
  read: (response, target, max) =>
    readJsonAnswer(
      response,
      target,
      max,
      (json) => Array.isArray(json.data),
      'returned no embeddings',
    ),
  usage: ({ json }) => ({
    usage:
      json.usage?.prompt_tokens === undefined
        ? undefined
        : { inputTokens: json.usage.prompt_tokens, outputTokens: 0 },
    outputChars: () => 0,
  }),
};
