import { STEREOS_REQUEST_HEADERS } from '@stereos/core';
import type { HeaderReader } from '../http/request-headers';
/** Headers a key may come in, most preferred first. */
export const KEY_HEADERS = [
  STEREOS_REQUEST_HEADERS.virtualKey,
  'authorization',
  'x-api-key',
] as const;

const BEARER = /^Bearer\s+(.+)$/i;

/**
 * The caller's key: `x-stereos-virtual-key`, else `Authorization: Bearer <key>`, else
 * `x-api-key`. Blank values count as absent, so an SDK's empty default header cannot shadow a
 * real key in a later header.
 */
export function extractApiKey(headers: HeaderReader): string | undefined {
  const virtualKey = headers.get(STEREOS_REQUEST_HEADERS.virtualKey)?.trim();
  if (virtualKey) return virtualKey;
  const bearer = BEARER.exec(headers.get('authorization')?.trim() ?? '')?.[1]?.trim();
  if (bearer) return bearer;
  return headers.get('x-api-key')?.trim() || undefined;
}
