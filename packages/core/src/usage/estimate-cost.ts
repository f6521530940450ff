import { getModelPrice } from '../catalog/prices';

/**
 * Upper bound of a call's cost for a budget reservation: the estimated input plus the maximum
 * output at the model's price. Unknown models cost 0 here (and their events carry no cost).
 */
export function estimateMaxCostUsd(args: {
  provider: string;
  model: string;
  inputTokens: number;
  maxOutputTokens: number;
}): number {
  const price = getModelPrice(args.provider, args.model);
  if (!price) return 0;
  return (args.inputTokens * price.inputPerMTok + args.maxOutputTokens * price.outputPerMTok) / 1e6;
}

/** Output tokens assumed for a reservation when the call sets no maximum. */
export const DEFAULT_RESERVED_OUTPUT_TOKENS = 4096;
