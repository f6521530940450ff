import { InvalidRequestError } from '@stereos/core';

/**
 * What a Cloudflare AI Gateway request asks of the gateway, sent as the `cf-aig-*` headers
 * Cloudflare documents (https://developers.cloudflare.com/ai-gateway/glossary/). Set per gateway
 * (`createCloudflareGateway({ options })`) and per call (`providerOptions.cloudflare`); a call's
 * values win, and metadata entries are merged.
 */
export interface CloudflareRequestOptions {
  /** `cf-aig-cache-ttl`: cache a successful answer for this many seconds (60 to 2,592,000). */
  cacheTtl?: number;
  /** `cf-aig-skip-cache: true`: answer from the provider even when a cached answer exists. */
  skipCache?: boolean;
  /** `cf-aig-cache-key`: your own cache key instead of Cloudflare's hash of the request. */
  cacheKey?: string;
  /**
   * `cf-aig-metadata`: at most 5 flat entries (string, number or boolean values), shown in
   * Cloudflare's logs (https://developers.cloudflare.com/ai-gateway/observability/custom-metadata/).
   */
  metadata?: Record<string, string | number | boolean>;
  /** `cf-aig-collect-log: false` keeps this request out of the gateway's logs. */
  collectLog?: boolean;
}

// https://developers.cloudflare.com/ai-gateway/features/caching/: 60 s to one month.
const MIN_TTL = 60;
const MAX_TTL = 2_592_000;
const MAX_METADATA_ENTRIES = 5;
const MAX_HEADER_CHARS = 2_048;
const KEYS = new Set(['cacheTtl', 'skipCache', 'cacheKey', 'metadata', 'collectLog']);

/**
 * Checks options against Cloudflare's documented limits and returns them typed. Throws an
 * `InvalidRequestError` naming the problem, so a bad call never reaches the gateway (Cloudflare
 * itself would silently drop metadata entries past the fifth).
 */
export function validateCloudflareOptions(raw: unknown, where: string): CloudflareRequestOptions {
  if (raw === undefined) return {};
  if (!isRecord(raw)) fail(where, 'must be an object');
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key))
      fail(where, `has an unknown option '${key}' (known: ${[...KEYS].join(', ')})`);
  }
  const { cacheTtl, skipCache, cacheKey, metadata, collectLog } = raw;
  if (cacheTtl !== undefined && !(Number.isInteger(cacheTtl) && inTtlRange(cacheTtl as number))) {
    fail(
      where,
      `cacheTtl must be whole seconds from ${MIN_TTL} to ${MAX_TTL}, got ${String(cacheTtl)}`,
    );
  }
  for (const [name, value] of [
    ['skipCache', skipCache],
    ['collectLog', collectLog],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') fail(where, `${name} must be a boolean`);
  }
  if (cacheKey !== undefined && !(typeof cacheKey === 'string' && isHeaderText(cacheKey))) {
    fail(where, `cacheKey must be 1 to ${MAX_HEADER_CHARS} printable ASCII characters`);
  }
  if (metadata !== undefined) checkMetadata(metadata, where);
  return raw as CloudflareRequestOptions;
}

/** The `cf-aig-*` headers of a gateway's options overlaid with a call's. */
export function cloudflareHeaders(
  gateway: CloudflareRequestOptions,
  call: CloudflareRequestOptions,
): Record<string, string> {
  const merged = { ...gateway, ...call };
  const metadata =
    gateway.metadata || call.metadata ? { ...gateway.metadata, ...call.metadata } : undefined;
  if (metadata) checkMetadata(metadata, 'Cloudflare metadata (gateway and call options merged)');
  const headers: Record<string, string> = {};
  if (merged.cacheTtl !== undefined) headers['cf-aig-cache-ttl'] = String(merged.cacheTtl);
  if (merged.skipCache) headers['cf-aig-skip-cache'] = 'true';
  if (merged.cacheKey !== undefined) headers['cf-aig-cache-key'] = merged.cacheKey;
  if (metadata) headers['cf-aig-metadata'] = asciiJson(metadata);
  if (merged.collectLog !== undefined) headers['cf-aig-collect-log'] = String(merged.collectLog);
  return headers;
}

function checkMetadata(metadata: unknown, where: string): void {
  if (!isRecord(metadata)) fail(where, 'metadata must be an object of flat entries');
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_ENTRIES) {
    fail(
      where,
      `metadata has ${entries.length} entries (${entries.map(([k]) => k).join(', ')}), but ` +
        `Cloudflare keeps at most ${MAX_METADATA_ENTRIES} and drops the rest. Remove ` +
        `${entries.length - MAX_METADATA_ENTRIES}, or put them in providerOptions.stereos.metadata ` +
        '(Stereos usage events)',
    );
  }
  for (const [key, value] of entries) {
    const flat =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!flat) fail(where, `metadata '${key}' must be a string, number or boolean`);
  }
  if (asciiJson(metadata).length > MAX_HEADER_CHARS) {
    fail(where, `metadata must serialise to at most ${MAX_HEADER_CHARS} characters`);
  }
}

// Header values must be ASCII on the wire: escape anything else, which JSON reads back the same.
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function inTtlRange(seconds: number): boolean {
  return seconds >= MIN_TTL && seconds <= MAX_TTL;
}

function isHeaderText(text: string): boolean {
  return text.length > 0 && text.length <= MAX_HEADER_CHARS && /^[\x20-\x7e]+$/.test(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, problem: string): never {
  throw new InvalidRequestError({
    code: 'invalid_cloudflare_options',
    message: `${where}: ${problem}.`,
  });
}
