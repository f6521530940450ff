import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { unauthorized } from '../errors/api-error';
import { requestHeaders } from '../http/request-headers';
import { extractApiKey } from './extract-api-key';
import { keyIdFromDigest, sha256 } from './key-digest';
import type { KeyResolver } from './key-resolver';

const MISSING_KEY =
  'Missing API key. Send a gateway key as `x-stereos-virtual-key: <key>`, ' +
  '`Authorization: Bearer <key>` or `x-api-key: <key>`.';
const INVALID_KEY = 'Invalid API key.';

/**
 * Authenticates `/v1/*`. Without a resolver (no `GATEWAY_API_KEYS`, no key store) the server is
 * in passthrough mode: any key is accepted and forwarded as the provider key. With one, the key
 * must resolve, else 401; provider keys then come from env. Sets `c.var.auth` either way.
 */
export function authMiddleware(resolver: KeyResolver | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = extractApiKey(requestHeaders(c));
    if (!resolver) {
      const keyId = key === undefined ? undefined : keyIdFromDigest(await sha256(key));
      c.set('auth', { mode: 'passthrough', providerKey: key, keyId });
      return next();
    }
    if (key === undefined) throw unauthorized(MISSING_KEY, 'missing_api_key');
    const resolved = await resolver.resolve(key);
    if (!resolved) throw unauthorized(INVALID_KEY, 'invalid_api_key');
    c.set('auth', { mode: 'gateway', keyId: resolved.keyId });
    return next();
  };
}
