import type { HeaderReader } from '../http/request-headers';

/** How one request asked for the response cache. */
export interface CacheRequest {
  /** How long a stored answer is served, in seconds. */
  ttlSeconds: number;
  /** `cf-aig-cache-key`: the caller's own cache key, instead of one derived from the body. */
  customKey: string | undefined;
}

/** Longest TTL: 30 days, Cloudflare AI Gateway's own bound. */
export const MAX_CACHE_TTL_SECONDS = 2_592_000;

const MAX_AGE = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,7})"?\s*(?:,|$)/i;

/**
 * The response cache is opt-in per request, with Cloudflare AI Gateway's headers
 * (https://developers.cloudflare.com/ai-gateway/configuration/caching/) or HTTP's own:
 * `cf-aig-cache-ttl: N` or `Cache-Control: max-age=N` turns it on for N seconds (1..2592000),
 * `cf-aig-skip-cache: true` turns it off, `cf-aig-cache-key` names the entry. `cf-aig-*` values
 * were already validated (400 naming the header) with the Cloudflare options, whose minimum TTL
 * is 60 s; a `Cache-Control` that does not parse or is out of range is ignored, not refused,
 * since proxies add that header too. `undefined`: no caching for this request.
 */
export function readCacheRequest(headers: HeaderReader): CacheRequest | undefined {
  if (headers.get('cf-aig-skip-cache')?.trim() === 'true') return undefined;
  const ttlSeconds =
    seconds(headers.get('cf-aig-cache-ttl')?.trim()) ??
    seconds(MAX_AGE.exec(headers.get('cache-control') ?? '')?.[1]);
  if (ttlSeconds === undefined) return undefined;
  return { ttlSeconds, customKey: headers.get('cf-aig-cache-key')?.trim() || undefined };
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,7}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= MAX_CACHE_TTL_SECONDS ? n : undefined;
}
