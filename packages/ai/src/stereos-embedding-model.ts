import type { EmbeddingModelV2 } from '@ai-sdk/provider';
import { tokensOfChars } from '@stereos/core';
import { lowestLimit, StereosKindModel } from './stereos-model-call';

type Model = EmbeddingModelV2<string>;
type EmbedOptions = Parameters<Model['doEmbed']>[0];
type EmbedResult = Awaited<ReturnType<Model['doEmbed']>>;

/**
 * An `EmbeddingModelV2` over an ordered list of targets, through the core call engine: budgets
 * (reserved on the estimated input tokens), retries, fallback and one `embeddings` event with
 * the tokens the answer reports. This class only says how one attempt is made.
 */
export class StereosEmbeddingModel extends StereosKindModel<Model> implements Model {
  /** The lowest of the targets' limits: the AI SDK splits `embedMany` by it, any may serve. */
  get maxEmbeddingsPerCall(): PromiseLike<number | undefined> {
    return lowestLimit(this.targets.map((t) => t.model.maxEmbeddingsPerCall));
  }

  get supportsParallelCalls(): PromiseLike<boolean> {
    return Promise.all(this.targets.map((t) => t.model.supportsParallelCalls)).then((all) =>
      all.every(Boolean),
    );
  }

  doEmbed(options: EmbedOptions): Promise<EmbedResult> {
    return this.run(options, {
      operation: 'embeddings',
      estimateInputTokens: () => options.values.reduce((n, v) => n + tokensOfChars(v.length), 0),
      // Embeddings have no output tokens.
      maxOutputTokens: 0,
      attempt: (model, attempt) => model.doEmbed(attempt),
      usage: (result) => ({
        usage: result.usage ? { inputTokens: result.usage.tokens, outputTokens: 0 } : undefined,
        outputChars: () => 0,
      }),
      headers: (result) => result.response?.headers,
    });
  }
}
