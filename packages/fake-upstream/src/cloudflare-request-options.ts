/** What a request asks of the gateway through `cf-aig-*` headers. */
export interface GatewayRequestOptions {
  /** Seconds to cache a successful answer; 0 = not cached. */
  cacheTtl: number;
  skipCache: boolean;
  cacheKey: string | undefined;
  metadata: Record<string, string | number | boolean> | undefined;
  collectLog: boolean;
}

const MAX_METADATA_ENTRIES = 5;

/**
 * Reads the gateway headers (https://developers.cloudflare.com/ai-gateway/glossary/): caching
 * (`cf-aig-cache-ttl`, `cf-aig-skip-cache`, `cf-aig-cache-key`; the older `cf-cache-ttl` and
 * `cf-skip-cache` still work), `cf-aig-metadata` and `cf-aig-collect-log`. Lower-cased names.
 */
export function readGatewayOptions(
  headers: Record<string, string>,
  defaultCacheTtl: number,
): GatewayRequestOptions {
  const ttl = headers['cf-aig-cache-ttl'] ?? headers['cf-cache-ttl'];
  const skip = headers['cf-aig-skip-cache'] ?? headers['cf-skip-cache'];
  const parsedTtl = ttl === undefined ? defaultCacheTtl : Number.parseInt(ttl, 10);
  return {
    cacheTtl: Number.isFinite(parsedTtl) && parsedTtl > 0 ? parsedTtl : 0,
    skipCache: skip === 'true',
    cacheKey: headers['cf-aig-cache-key'],
    metadata: readMetadata(headers['cf-aig-metadata']),
    collectLog: headers['cf-aig-collect-log'] !== 'false',
  };
}

/**
 * `cf-aig-metadata`: only the first five entries are kept and only string, number and boolean
 * values are supported (https://developers.cloudflare.com/ai-gateway/observability/custom-metadata/).
 */
function readMetadata(header: string | undefined): GatewayRequestOptions['metadata'] {
  if (header === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed).slice(0, MAX_METADATA_ENTRIES);
  return Object.fromEntries(
    entries.filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)),
  ) as Record<string, string | number | boolean>;
}
