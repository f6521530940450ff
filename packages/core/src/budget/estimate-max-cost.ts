import type { ModelPrice } from '../catalog/prices';

/** Output tokens assumed for a reservation when the call sets no maximum. */
export const DEFAULT_RESERVED_OUTPUT_TOKENS = 4096;

/**
 * Upper bound of a call's cost for a budget reservation: the estimated input plus the maximum
 * output at the model's (highest-tier) price. No price: 0.
 */
export function estimateMaxCostUsd(
  price: ModelPrice | undefined,
  inputTokens: number,
  maxOutputTokens: number,
): number {
  if (!price) return 0;
  return (inputTokens * price.inputPerMTok + maxOutputTokens * price.outputPerMTok) / 1e6;
}
