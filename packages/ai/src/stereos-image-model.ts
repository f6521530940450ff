import type { ImageModelV2 } from '@ai-sdk/provider';
import { imageUnitCosts, type TokenUsage, tokensOfChars } from '@stereos/core';
import { describeTarget, lowestLimit, StereosKindModel } from './stereos-model-call';

type ImageOptions = Parameters<ImageModelV2['doGenerate']>[0];
type ImageResult = Awaited<ReturnType<ImageModelV2['doGenerate']>>;

/**
 * Output tokens one image may cost, for the budget reservation: gpt-image-1's largest
 * (1024×1536 or 1536×1024) at high quality is 6,240 tokens.
 * https://platform.openai.com/docs/guides/image-generation#cost-and-latency
 */
export const MAX_OUTPUT_TOKENS_PER_IMAGE = 6_240;

/**
 * An `ImageModelV2` over an ordered list of targets, through the core call engine: budgets
 * (the prompt plus `n` images at most), retries, fallback and one `images` event with the token
 * usage the answer reports (gpt-image-1) and the number of images.
 */
export class StereosImageModel extends StereosKindModel<ImageModelV2> implements ImageModelV2 {
  /** The lowest of the targets' limits: the AI SDK splits `n` by it, and any target may serve. */
  readonly maxImagesPerCall = () =>
    lowestLimit(
      this.targets.map(({ model, modelId }) =>
        typeof model.maxImagesPerCall === 'function'
          ? model.maxImagesPerCall({ modelId })
          : model.maxImagesPerCall,
      ),
    );

  doGenerate(options: ImageOptions): Promise<ImageResult> {
    const quality = options.providerOptions?.['openai']?.['quality'];
    const n = Math.max(1, options.n);
    const unitCosts = (target: { provider: string; model: string }) =>
      imageUnitCosts(
        target,
        { n, size: options.size, quality: typeof quality === 'string' ? quality : undefined },
        this.context.unitPrices,
      );
    return this.run(options, {
      operation: 'images',
      unitCosts,
      estimateInputTokens: () => tokensOfChars(options.prompt.length),
      maxOutputTokens: n * MAX_OUTPUT_TOKENS_PER_IMAGE,
      attempt: (model, attempt) => model.doGenerate(attempt),
      usage: (result, target) => {
        const units = { images: result.images.length };
        return {
          usage: imageTokenUsage(result.providerMetadata),
          outputChars: () => 0,
          units,
          costUsd: unitCosts(describeTarget(target)).costUsd(units),
        };
      },
      headers: (result) => result.response.headers,
    });
  }
}

/**
 * The tokens an answer reports, summed over its images: OpenAI's image model spreads the
 * answer's `usage` over `providerMetadata.openai.images[i]` (`inputTokens`, `outputTokens`).
 * Undefined when no image carries any (dall-e-2/3 report none).
 */
export function imageTokenUsage(
  metadata: ImageResult['providerMetadata'] | undefined,
): TokenUsage | undefined {
  let input = 0;
  let output = 0;
  let found = false;
  for (const entry of Object.values(metadata ?? {})) {
    const images = (entry as { images?: unknown }).images;
    if (!Array.isArray(images)) continue;
    for (const image of images) {
      const { inputTokens, outputTokens } = (image ?? {}) as Record<string, unknown>;
      if (typeof inputTokens === 'number') input += inputTokens;
      if (typeof outputTokens === 'number') output += outputTokens;
      found ||= typeof inputTokens === 'number' || typeof outputTokens === 'number';
    }
  }
  return found ? { inputTokens: input, outputTokens: output } : undefined;
}
