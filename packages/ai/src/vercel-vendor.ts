// Vercel's vendor slugs whose Stereos provider id differs. Others are the same (`openai`,
// `anthropic`, `xai`, …) or unknown to Stereos and kept as the slug (prices may still know them).
// https://vercel.com/docs/ai-gateway/models-and-providers
const STEREOS_PROVIDER_OF: Record<string, string> = {
  google: 'gemini',
  moonshotai: 'kimi',
  amazon: 'bedrock',
};

/**
 * The provider (for events and prices) and model of a Vercel model slug:
 * `anthropic/claude-sonnet-4-5` → `anthropic` + `claude-sonnet-4-5`, `google/gemini-2.5-flash` →
 * `gemini` + `gemini-2.5-flash`. An id without a vendor is recorded as served by `vercel`.
 */
export function describeVercelSlug(slug: string): { provider: string; modelId: string } {
  const slash = slug.indexOf('/');
  if (slash <= 0 || slash === slug.length - 1) return { provider: 'vercel', modelId: slug };
  const vendor = slug.slice(0, slash).toLowerCase();
  const provider = Object.hasOwn(STEREOS_PROVIDER_OF, vendor)
    ? STEREOS_PROVIDER_OF[vendor]
    : vendor;
  return { provider: provider ?? vendor, modelId: slug.slice(slash + 1) };
}

/**
 * The gateway's own cost of an answer, from `providerMetadata.gateway.cost` (a decimal string
 * in USD); `undefined` when absent or not a non-negative number.
 * https://vercel.com/docs/ai-gateway/capabilities/usage
 */
export function vercelReportedCost(providerMetadata: unknown): number | undefined {
  const gateway = (providerMetadata as { gateway?: { cost?: unknown } } | undefined)?.gateway;
  const cost = gateway?.cost;
  if (typeof cost !== 'string' && typeof cost !== 'number') return undefined;
  if (typeof cost === 'string' && !/^\s*\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(cost))
    return undefined;
  const usd = Number(cost);
  return Number.isFinite(usd) && usd >= 0 ? usd : undefined;
}
