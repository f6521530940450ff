import type { AuthContext } from '../../auth/auth-context';
import { ApiError } from '../../errors/api-error';

/**
 * Whose usage a caller may read: the master key reads everyone's (or one key's, `key_id`); any
 * other gateway key reads only its own events (a virtual key by its id, a `GATEWAY_API_KEYS` key
 * by its short hash). Passthrough callers read nothing: their key was never verified here, and
 * a forged key sharing a real one's 8-character id would read its events.
 */
export function usageKeyScope(
  auth: AuthContext,
  requested: string | undefined,
): string | undefined {
  if (auth.master) return requested;
  if (auth.mode !== 'gateway' || auth.keyId === undefined) {
    throw forbidden(
      'Usage is per gateway key: send a virtual or gateway key (or STEREOS_MASTER_KEY for all usage).',
    );
  }
  if (requested !== undefined && requested !== auth.keyId) {
    throw forbidden("Only the master key can read another key's usage.");
  }
  return auth.keyId;
}

function forbidden(message: string): ApiError {
  return new ApiError({ status: 403, type: 'permission_error', code: 'usage_forbidden', message });
}
