import { InvalidModelError, PROVIDERS, routeModel } from '@stereos/core';

/** One model of a Cloudflare id: a step of a universal request. */
export interface CloudflareStep {
  /** The id Cloudflare's unified API reads: `{provider}/{model}` or `dynamic/{route}`. */
  slug: string;
  /** Cloudflare's provider slug: `openai`, `google-ai-studio`, `dynamic`, … */
  cloudflareProvider: string;
  /** Stereos' provider id, for events and prices: `openai`, `gemini`, … (`cloudflare` for routes). */
  provider: string;
  /** The model part, for events and prices: `gpt-4o-mini` (`dynamic/{route}` for routes). */
  modelId: string;
}

/** At most this many steps in one universal request: every amplifier is capped. */
export const MAX_CLOUDFLARE_STEPS = 5;

// Cloudflare slug ⇄ Stereos provider id, from the provider table (`google-ai-studio` ⇄ `gemini`).
const BY_SLUG = new Map<string, string>();
const SLUG_OF = new Map<string, string>();
for (const provider of PROVIDERS) {
  const slug = provider.gatewaySlugs?.cloudflare;
  if (!slug) continue;
  BY_SLUG.set(slug, provider.id);
  SLUG_OF.set(provider.id, slug);
}

/**
 * Reads a Cloudflare model id: `openai/gpt-4o-mini`, `anthropic/claude-sonnet-4-5`,
 * `dynamic/{route}`, a Stereos id (`gemini/…` → `google-ai-studio/…`, `claude-*` →
 * `anthropic/claude-*`), or several joined by `,` — steps Cloudflare tries in order in one
 * request (https://developers.cloudflare.com/ai-gateway/configuration/fallbacks/).
 */
export function parseCloudflareModelId(id: string): CloudflareStep[] {
  const parts = id.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) throw new InvalidModelError(id, 'an empty step');
  if (parts.length > MAX_CLOUDFLARE_STEPS) {
    throw new InvalidModelError(id, `at most ${MAX_CLOUDFLARE_STEPS} Cloudflare steps`);
  }
  return parts.map(parseStep);
}

function parseStep(id: string): CloudflareStep {
  const slash = id.indexOf('/');
  if (slash === -1) return fromStereosRoute(id);
  const prefix = id.slice(0, slash);
  const model = id.slice(slash + 1);
  if (!prefix || !model) throw new InvalidModelError(id, 'expected {provider}/{model}');
  // https://developers.cloudflare.com/ai-gateway/features/dynamic-routing/
  if (prefix === 'dynamic') {
    return { slug: id, cloudflareProvider: prefix, provider: 'cloudflare', modelId: id };
  }
  const known = BY_SLUG.get(prefix);
  if (known) return { slug: id, cloudflareProvider: prefix, provider: known, modelId: model };
  const slug = SLUG_OF.get(prefix);
  if (slug)
    return { slug: `${slug}/${model}`, cloudflareProvider: slug, provider: prefix, modelId: model };
  // A provider Stereos does not list (workers-ai, cerebras, …): Cloudflare decides.
  return { slug: id, cloudflareProvider: prefix, provider: prefix, modelId: model };
}

/** A bare id routed by Stereos' rules (`gpt-4o` → OpenAI, `claude-*` → Anthropic). */
function fromStereosRoute(id: string): CloudflareStep {
  const { provider, upstreamModel } = routeModel(id);
  const slug = provider.gatewaySlugs?.cloudflare;
  if (!slug) {
    throw new InvalidModelError(
      id,
      `Cloudflare AI Gateway has no provider for ${provider.name}; write it as {provider}/{model}`,
    );
  }
  return {
    slug: `${slug}/${upstreamModel}`,
    cloudflareProvider: slug,
    provider: provider.id,
    modelId: upstreamModel,
  };
}
