import type { KeyResolver } from '../auth/key-resolver';
import type { MasterKey } from '../auth/master-key';
import { looksLikeVirtualKey } from '../auth/virtual-key-secret';
import { ApiError } from '../errors/api-error';
import type { DashboardPrincipal } from './principal';

/** What sign-in checks a presented key against. */
export interface SignInKeys {
  /** `STEREOS_MASTER_KEY`, when set. */
  masterKey: MasterKey | undefined;
  /** Stored virtual keys, looked up without a cache (revoked and expired keys throw a 401). */
  virtualKeys: KeyResolver;
}

/**
 * The answer to a sign-in: who, and the credential the session is bound to (the master key, or
 * the virtual key's stored hash; never stored itself), or why not (a message safe to show).
 */
export type SignInResult =
  | { principal: DashboardPrincipal; credential: string }
  | { refused: string };

/** Longest key read from the form: far beyond any real key, short enough to hash cheaply. */
const MAX_KEY_LENGTH = 256;
const WRONG_KEY = 'Wrong key. Sign in with STEREOS_MASTER_KEY or a virtual key (sk-st-…).';

/**
 * Signs a key in: the master key (compared as digests in constant time, like `/admin`), or a
 * virtual key through the same resolver `/v1` uses (so a revoked or expired key is refused with
 * the same message). `GATEWAY_API_KEYS` keys have no dashboard: they are not managed here.
 */
export async function signIn(keys: SignInKeys, presented: unknown): Promise<SignInResult> {
  const key = typeof presented === 'string' ? presented.trim() : '';
  if (key === '' || key.length > MAX_KEY_LENGTH) return { refused: WRONG_KEY };
  if (keys.masterKey && (await keys.masterKey.matches(key)))
    return { principal: { kind: 'master' }, credential: key };
  if (!looksLikeVirtualKey(key)) return { refused: WRONG_KEY };
  try {
    const resolved = await keys.virtualKeys.resolve(key);
    if (!resolved?.key) return { refused: WRONG_KEY };
    const { name, keyHash } = resolved.key;
    return { principal: { kind: 'key', keyId: resolved.keyId, name }, credential: keyHash };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { refused: error.message };
    throw error;
  }
}
