import type { BehaviourSource } from './behaviour-source.js';
import type { Exchange } from './exchange.js';
import { runBehaviour } from './run-behaviour.js';
import { languageModelChatView, vercelLanguageModel } from './vercel-language-model.js';

/** Vercel AI Gateway paths, matched by suffix like the other fakes. */
export const VERCEL_PATHS = {
  /** `@ai-sdk/gateway` posts to `${baseURL}/language-model` (base `…/v1/ai`). */
  languageModel: '/v1/ai/language-model',
  /** `@ai-sdk/gateway`'s `textEmbeddingModel` posts to `${baseURL}/embedding-model`. */
  embeddingModel: '/v1/ai/embedding-model',
  /** The OpenAI-compatible API, under a `vercel` segment to tell it from OpenAI's. */
  chat: '/vercel/v1/chat/completions',
} as const;

/**
 * Answers `POST …/v1/ai/language-model`: validation first (a rejected request consumes no
 * queued behaviour), then the next behaviour, run against the request's chat view.
 */
export async function answerVercelLanguageModel(
  behaviours: BehaviourSource,
  exchange: Exchange,
): Promise<void> {
  if (!vercelLanguageModel.validate(exchange)) return;
  const behaviour = behaviours.next(exchange.record);
  await runBehaviour(languageModelChatView(exchange), behaviour, vercelLanguageModel);
}
