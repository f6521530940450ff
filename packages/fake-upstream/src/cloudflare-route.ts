import type { RecordedRequest } from './recorded-request.js';

/**
 * A request to the fake Cloudflare AI Gateway, read from its path:
 * `/v1/{account}/{gateway}` (universal endpoint) or `/v1/{account}/{gateway}/{provider}/{endpoint}`
 * (https://developers.cloudflare.com/ai-gateway/usage/providers/). Any prefix before `/v1` works.
 */
export interface CloudflareRoute {
  account: string;
  gateway: string;
  /** `undefined` for the universal endpoint; else `compat`, `openai`, `anthropic`, … */
  provider: string | undefined;
  /** The provider's own path, e.g. `chat/completions` or `v1/messages` (empty for universal). */
  endpoint: string;
}

// Provider slugs of Cloudflare's provider-specific endpoints; `compat` is the unified API.
const PROVIDERS = new Set([
  'compat',
  'openai',
  'anthropic',
  'azure-openai',
  'aws-bedrock',
  'cerebras',
  'cohere',
  'deepseek',
  'google-ai-studio',
  'google-vertex-ai',
  'grok',
  'groq',
  'mistral',
  'openrouter',
  'perplexity-ai',
  'workers-ai',
]);

const PROVIDER_PATH = /\/v1\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/;
const UNIVERSAL_PATH = /\/v1\/([^/]+)\/([^/]+)$/;

/** The Cloudflare route of a path with a known provider slug (decided before the body is read). */
export function cloudflareProviderRoute(method: string, path: string): CloudflareRoute | undefined {
  const match = method === 'POST' ? PROVIDER_PATH.exec(trimSlash(path)) : null;
  if (!match || !PROVIDERS.has(match[3] as string)) return undefined;
  return {
    account: match[1] as string,
    gateway: match[2] as string,
    provider: match[3],
    endpoint: match[4] as string,
  };
}

/** The route of any Cloudflare request: a provider path, or the universal endpoint's step array. */
export function cloudflareRouteOf(record: RecordedRequest): CloudflareRoute | undefined {
  const route = cloudflareProviderRoute(record.method, record.path);
  if (route) return route;
  const match = UNIVERSAL_PATH.exec(trimSlash(record.path));
  if (record.method !== 'POST' || !match || !Array.isArray(record.body)) return undefined;
  return {
    account: match[1] as string,
    gateway: match[2] as string,
    provider: undefined,
    endpoint: '',
  };
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
