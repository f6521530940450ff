import { unauthorized } from '../errors/api-error';
import type { KeyStore, VirtualKeyRecord } from '../stores/store-contracts';
import type { KeyResolver, ResolvedKey } from './key-resolver';
import { hashVirtualKey, looksLikeVirtualKey } from './virtual-key-secret';

/** Options of {@link createVirtualKeyResolver}. */
export interface VirtualKeyResolverOptions {
  /** How long a lookup is trusted (`STEREOS_KEY_CACHE_TTL_SECS`); 0 looks up every time. */
  ttlMs: number;
  /** Clock, `Date.now` by default (tests inject one). */
  now?: () => number;
}

/** A resolver of stored virtual keys with a short-lived cache in front of the store. */
export interface VirtualKeyResolver extends KeyResolver {
  /** Drops every cached lookup: admin changes made here take effect at once on this instance. */
  invalidate(): void;
}

/** Lookups remembered at most: presented keys come from clients, so the cache is bounded. */
const MAX_CACHED = 10_000;

/**
 * Resolves `sk-st-…` keys against a `KeyStore` by the SHA-256 of the secret. Lookups (found or
 * not) are cached for `ttlMs`, so the hot path rarely waits on the store and a flood of bad keys
 * cannot hammer it; the price is that a key revoked through another instance keeps working for
 * at most `ttlMs`. Revocation and expiry are checked on every request against the cached record,
 * and refused with a 401 saying which. Keys without the prefix are not looked up at all.
 */
export function createVirtualKeyResolver(
  store: KeyStore,
  options: VirtualKeyResolverOptions,
): VirtualKeyResolver {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { until: number; record: Promise<VirtualKeyRecord | undefined> }>();

  function lookup(keyHash: string): Promise<VirtualKeyRecord | undefined> {
    const at = now();
    const cached = cache.get(keyHash);
    if (cached && cached.until > at) return cached.record;
    const record = store.findByHash(keyHash);
    if (options.ttlMs > 0) {
      cache.delete(keyHash);
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
      cache.set(keyHash, { until: at + options.ttlMs, record });
      // A failed lookup is not remembered: the next request asks the store again.
      record.catch(() => cache.delete(keyHash));
    }
    return record;
  }

  return {
    invalidate: () => cache.clear(),
    async resolve(key): Promise<ResolvedKey | undefined> {
      if (!looksLikeVirtualKey(key)) return undefined;
      const record = await lookup(await hashVirtualKey(key));
      if (!record) return undefined;
      if (record.revokedAt !== undefined) {
        throw unauthorized('This API key was revoked.', 'invalid_api_key');
      }
      if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now()) {
        throw unauthorized(`This API key expired at ${record.expiresAt}.`, 'invalid_api_key');
      }
      return { keyId: record.id, key: record };
    },
  };
}
