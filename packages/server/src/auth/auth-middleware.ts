import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { unauthorized } from '../errors/api-error';
import { requestHeaders } from '../http/request-headers';
import { extractApiKey } from './extract-api-key';
import { keyIdFromDigest, sha256 } from './key-digest';
import type { KeyResolver } from './key-resolver';
import { looksLikeVirtualKey } from './virtual-key-secret';

const MISSING_KEY =
  'Missing API key. Send a gateway key as `x-stereos-virtual-key: <key>`, ' +
  '`Authorization: Bearer <key>` or `x-api-key: <key>`.';
const MISSING_PROVIDER_KEY =
  'Missing API key. This gateway is in passthrough mode: send your provider key as ' +
  '`Authorization: Bearer <key>` (or `x-api-key`, `x-stereos-virtual-key`). Its own provider ' +
  'keys are not spent for requests without a key; the operator can set GATEWAY_API_KEYS to ' +
  'hand out gateway keys, or STEREOS_ALLOW_ANONYMOUS=true to allow anonymous use.';
const INVALID_KEY = 'Invalid API key.';

/** How the middleware treats callers beyond the key check itself. */
export interface AuthOptions {
  /**
   * Passthrough mode: let a request without any key use the env provider keys
   * (`STEREOS_ALLOW_ANONYMOUS`). Off by default, so env keys never serve anonymous callers.
   */
  allowAnonymous?: boolean;
  /**
   * Passthrough mode: stored virtual keys (`sk-st-…`) still authenticate as gateway keys, and an
   * unknown one is refused: a virtual key is never forwarded upstream as a provider key.
   */
  virtualKeys?: KeyResolver | undefined;
}

/**
 * Authenticates `/v1/*`. Without a resolver (no `GATEWAY_API_KEYS`, no key store) the server is
 * in passthrough mode: the caller's key is forwarded as the provider key, and a request without
 * one gets 401 unless `allowAnonymous`. With a resolver, the key must resolve, else 401; provider
 * keys then come from env. Sets `c.var.auth` either way.
 */
export function authMiddleware(
  resolver: KeyResolver | undefined,
  options: AuthOptions = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = extractApiKey(requestHeaders(c));
    if (!resolver) {
      if (key !== undefined && options.virtualKeys && looksLikeVirtualKey(key)) {
        const resolved = await options.virtualKeys.resolve(key);
        if (!resolved) throw unauthorized(INVALID_KEY, 'invalid_api_key');
        c.set('auth', { mode: 'gateway', keyId: resolved.keyId, key: resolved.key });
        return next();
      }
      if (key === undefined && !options.allowAnonymous) {
        throw unauthorized(MISSING_PROVIDER_KEY, 'missing_api_key');
      }
      const keyId = key === undefined ? undefined : keyIdFromDigest(await sha256(key));
      c.set('auth', { mode: 'passthrough', providerKey: key, keyId });
      return next();
    }
    if (key === undefined) throw unauthorized(MISSING_KEY, 'missing_api_key');
    const resolved = await resolver.resolve(key);
    if (!resolved) throw unauthorized(INVALID_KEY, 'invalid_api_key');
    c.set('auth', {
      mode: 'gateway',
      keyId: resolved.keyId,
      key: resolved.key,
      master: resolved.master,
    });
    return next();
  };
}
