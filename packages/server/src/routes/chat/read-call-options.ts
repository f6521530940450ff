import { invalidRequest } from '../../errors/api-error';
import type { HeaderReader } from '../../http/request-headers';

/** Per-call options read from `x-stereos-*` request headers. */
export interface CallOptions {
  /** `x-stereos-fallback-models: a,b`: models to try after `model` (and after body `models`). */
  fallbackModels: string[] | undefined;
  /** `x-stereos-user`: the end user for the event; core prefers it over the body's `user`. */
  user: string | undefined;
  /** `x-stereos-tags: a,b`. */
  tags: string[] | undefined;
  /** `x-stereos-metadata: {"team":"search"}`: a JSON object of strings. */
  metadata: Record<string, string> | undefined;
}

/** Reads the `x-stereos-*` call options; a malformed value is a 400 naming the header. */
export function readCallOptions(headers: HeaderReader): CallOptions {
  return {
    fallbackModels: commaList(headers.get('x-stereos-fallback-models')),
    user: headers.get('x-stereos-user')?.trim() || undefined,
    tags: commaList(headers.get('x-stereos-tags')),
    metadata: metadataHeader(headers.get('x-stereos-metadata')),
  };
}

function commaList(value: string | null | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

const BAD_METADATA = 'x-stereos-metadata: expected a JSON object with string values';

function metadataHeader(value: string | null | undefined): Record<string, string> | undefined {
  if (!value?.trim()) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw invalidRequest(BAD_METADATA, 'invalid_header', 'x-stereos-metadata');
  }
  const valid =
    json !== null &&
    typeof json === 'object' &&
    !Array.isArray(json) &&
    Object.values(json).every((v) => typeof v === 'string');
  if (!valid) throw invalidRequest(BAD_METADATA, 'invalid_header', 'x-stereos-metadata');
  return json as Record<string, string>;
}
