import type { VirtualKeyRecord } from '../stores/store-contracts';
import { keyIdFromDigest, sha256, timingSafeEqual } from './key-digest';

/** A gateway key the resolver accepted. */
export interface ResolvedKey {
  /** Non-secret id of the key, recorded on events. */
  keyId: string;
  /** The stored record, when the key is a virtual key. */
  key?: VirtualKeyRecord | undefined;
  /** The key is `STEREOS_MASTER_KEY`. */
  master?: boolean | undefined;
}

/**
 * Decides whether a presented gateway key is valid. The seam for virtual keys in a store
 * (SQLite / Postgres, cached in memory so the hot path makes no database round trip): a store
 * implements this interface and returns the key's record (owner, budget, allowed models).
 */
export interface KeyResolver {
  /**
   * The accepted key, or `undefined` for an unknown key. May throw an `ApiError` (401) for a
   * known key that is refused, saying why (revoked, expired).
   */
  resolve(key: string): Promise<ResolvedKey | undefined>;
}

/**
 * A resolver over a fixed key list (`GATEWAY_API_KEYS`). Keys are compared as SHA-256 digests
 * with a constant-time loop over every configured key, so neither the position of the first
 * differing byte nor which key matched shows in the timing.
 */
export function createStaticKeyResolver(keys: readonly string[]): KeyResolver {
  // Hashed once, lazily: crypto.subtle is async and module scope must stay side-effect free.
  let digests: Promise<Uint8Array[]> | undefined;
  return {
    async resolve(key) {
      digests ??= Promise.all(keys.map(sha256));
      const [known, presented] = await Promise.all([digests, sha256(key)]);
      let match = false;
      for (const digest of known) match = timingSafeEqual(digest, presented) || match;
      return match ? { keyId: keyIdFromDigest(presented) } : undefined;
    },
  };
}

/** Tries resolvers in order (e.g. env keys, then the key store); the first match wins. */
export function chainKeyResolvers(resolvers: readonly KeyResolver[]): KeyResolver {
  return {
    async resolve(key) {
      for (const resolver of resolvers) {
        const resolved = await resolver.resolve(key);
        if (resolved) return resolved;
      }
      return undefined;
    },
  };
}
