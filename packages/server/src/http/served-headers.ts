import { REQUEST_ID_HEADER, type ServedBy, STEREOS_RESPONSE_HEADERS } from '@stereos/core';

/**
 * The headers that say what served a call. Values come from the routing table and the engine
 * (provider ids, upstream model ids validated before any upstream call, counts), so they are
 * always valid header values.
 */
export function servedHeaders(served: ServedBy, requestId: string): Record<string, string> {
  return {
    [REQUEST_ID_HEADER]: requestId,
    [STEREOS_RESPONSE_HEADERS.provider]: served.provider,
    [STEREOS_RESPONSE_HEADERS.model]: served.model,
    [STEREOS_RESPONSE_HEADERS.attempts]: String(served.attempts),
    [STEREOS_RESPONSE_HEADERS.fallbackIndex]: String(served.fallbackIndex),
  };
}
