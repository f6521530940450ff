import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env';
import { extractApiKey } from '../../auth/extract-api-key';
import type { KeyResolver } from '../../auth/key-resolver';
import type { MasterKey } from '../../auth/master-key';
import { ApiError, unauthorized } from '../../errors/api-error';
import { requestHeaders } from '../../http/request-headers';

const DISABLED =
  'The admin API is disabled: set STEREOS_MASTER_KEY on the server to manage virtual keys.';
const MISSING =
  'Missing master key. Send STEREOS_MASTER_KEY as `Authorization: Bearer <key>` ' +
  '(or `x-api-key`, `x-stereos-virtual-key`).';
const NOT_ADMIN =
  'This key cannot use the admin API: only STEREOS_MASTER_KEY can. Gateway and virtual keys ' +
  'make calls; they never manage keys.';

/** Options of {@link adminAuth}. */
export interface AdminAuthOptions {
  /** `STEREOS_MASTER_KEY`; without it the admin API answers 403 to everyone. */
  masterKey: MasterKey | undefined;
  /** The gateway's keys, to tell a valid non-admin key (403) from a wrong one (401). */
  keys: KeyResolver | undefined;
}

/**
 * Guards `/admin/*`: only the master key passes (compared in constant time). Without
 * `STEREOS_MASTER_KEY` the admin API is off and says so (403, rather than a bare 404, so an
 * operator sees what to set). A valid gateway or virtual key is refused with 403: it is known,
 * just not allowed; anything else is a 401.
 */
export function adminAuth(options: AdminAuthOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!options.masterKey) throw forbidden(DISABLED, 'admin_disabled');
    const key = extractApiKey(requestHeaders(c));
    if (key === undefined) throw unauthorized(MISSING, 'missing_api_key');
    if (await options.masterKey.matches(key)) return next();
    // A revoked or expired virtual key throws its own 401 here: it is not a valid key.
    if (await options.keys?.resolve(key)) throw forbidden(NOT_ADMIN, 'admin_forbidden');
    throw unauthorized('Invalid master key.', 'invalid_api_key');
  };
}

function forbidden(message: string, code: string): ApiError {
  return new ApiError({ status: 403, type: 'permission_error', code, message });
}
