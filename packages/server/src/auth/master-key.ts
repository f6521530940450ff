import { keyIdFromDigest, sha256, timingSafeEqual } from './key-digest';
import type { KeyResolver } from './key-resolver';

/** Checks presented keys against `STEREOS_MASTER_KEY`. */
export interface MasterKey extends KeyResolver {
  /** Whether `key` is the master key; compared as SHA-256 digests in constant time. */
  matches(key: string): Promise<boolean>;
}

/**
 * The master key as a resolver (it may call `/v1/*` like any gateway key, and sees all usage)
 * and as a check for `/admin` and `/metrics`. Digests of equal length are compared with a
 * constant-time loop, so timing reveals nothing about how much of a guess was right.
 */
export function createMasterKey(masterKey: string): MasterKey {
  const expected = sha256(masterKey);
  async function matches(key: string): Promise<boolean> {
    const [known, presented] = await Promise.all([expected, sha256(key)]);
    return timingSafeEqual(known, presented);
  }
  return {
    matches,
    async resolve(key) {
      if (!(await matches(key))) return undefined;
      return { keyId: keyIdFromDigest(await expected), master: true };
    },
  };
}
