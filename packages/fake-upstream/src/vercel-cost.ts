import type { ResolvedUsage } from './reply-plan.js';

/**
 * The fake gateway's price, per million tokens, in USD. Deliberately unlike any real model's, so
 * a test can tell the gateway's reported cost from a price-table estimate.
 */
export const VERCEL_FAKE_PRICE = { inputPerMTok: 1, cachedInputPerMTok: 0.1, outputPerMTok: 5 };

/** `providerMetadata.gateway.cost`: a decimal string in USD, as the gateway reports it. */
export function vercelCost(usage: ResolvedUsage): string {
  const uncached = usage.input - usage.cached;
  const usd =
    (uncached * VERCEL_FAKE_PRICE.inputPerMTok +
      usage.cached * VERCEL_FAKE_PRICE.cachedInputPerMTok +
      usage.output * VERCEL_FAKE_PRICE.outputPerMTok) /
    1_000_000;
  return usd.toFixed(10).replace(/\.?0+$/, '');
}
