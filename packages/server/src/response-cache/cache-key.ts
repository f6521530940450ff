import { toHex } from '../auth/key-digest';

/** Bumped when what goes into a key changes, so old entries are never read with new meaning. */
const VERSION = 1;

const encoder = new TextEncoder();

/** What identifies a cached answer. */
export interface CacheKeyInput {
  /**
   * Whose answers these are (the caller's key): keys never share answers, so a cache hit can
   * neither leak one key's answers to another nor move spend between their budgets.
   */
  scope: string;
  /** The parsed request body (model, messages, `stream`, every parameter). */
  body: unknown;
  /** Fallback models from `x-stereos-fallback-models` (the body's `models` is in `body`). */
  fallbackModels: readonly string[] | undefined;
  /** `cf-aig-cache-key`, which replaces the body in the key (still within `scope`). */
  customKey: string | undefined;
}

/**
 * The response cache key: SHA-256 (hex) of a canonical JSON of the request (object keys sorted
 * at every level, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are one entry), or of the caller's own
 * key, always within the caller's scope. `sha256` is web-standard (Workers, Bun).
 */
export async function cacheKeyOf(input: CacheKeyInput): Promise<string> {
  const identity =
    input.customKey === undefined
      ? {
          v: VERSION,
          scope: input.scope,
          body: input.body,
          fallbackModels: input.fallbackModels ?? [],
        }
      : { v: VERSION, scope: input.scope, customKey: input.customKey };
  // Not `key-digest`'s `sha256`: it remembers the strings it hashed, and bodies are large.
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(canonicalJson(identity)));
  return toHex(new Uint8Array(digest));
}

/** JSON with object keys sorted recursively (request bodies are depth-bounded before this). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}
