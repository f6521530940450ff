import { REQUEST_ID_HEADER, type ServedBy, STEREOS_RESPONSE_HEADERS } from '@stereos/core';

/**
 * The headers that say what served a call. Values come from the routing table and the engine
 * (provider ids, upstream model ids validated before any upstream call, counts), so they are
 * always valid header values.
 */
export function servedHeaders(
  served: ServedBy,
  requestId: string,
  cacheStatus?: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    [REQUEST_ID_HEADER]: requestId,
    [STEREOS_RESPONSE_HEADERS.provider]: served.provider,
    [STEREOS_RESPONSE_HEADERS.model]: served.model,
    [STEREOS_RESPONSE_HEADERS.attempts]: String(served.attempts),
    [STEREOS_RESPONSE_HEADERS.fallbackIndex]: String(served.fallbackIndex),
  };
  // Cloudflare AI Gateway's cache verdict, passed on when it is one of its two values.
  if (cacheStatus === 'HIT' || cacheStatus === 'MISS') headers['cf-aig-cache-status'] = cacheStatus;
  return headers;
}
