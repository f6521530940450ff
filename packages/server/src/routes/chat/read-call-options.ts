import {
  MAX_METADATA_HEADER_BYTES,
  metadataProblem,
  STEREOS_REQUEST_HEADERS,
  tagsProblem,
  userProblem,
} from '@stereos/core';
import { invalidRequest } from '../../errors/api-error';
import type { HeaderReader } from '../../http/request-headers';
import { checkModelId } from './read-chat-request';

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

const H = STEREOS_REQUEST_HEADERS;

/**
 * Reads the `x-stereos-*` call options; a malformed or oversized value is a 400 naming the
 * header. Every value is bounded here (core's `request-limits`), before any upstream call.
 */
export function readCallOptions(headers: HeaderReader): CallOptions {
  return {
    fallbackModels: fallbackModelsHeader(headers.get(H.fallbackModels)),
    user: userHeader(headers.get(H.user)),
    tags: tagsHeader(headers.get(H.tags)),
    metadata: metadataHeader(headers.get(H.metadata)),
  };
}

function commaList(value: string | null | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

function fallbackModelsHeader(value: string | null | undefined): string[] | undefined {
  const models = commaList(value);
  for (const id of models ?? []) checkModelId(id, H.fallbackModels);
  return models;
}

function userHeader(value: string | null | undefined): string | undefined {
  const user = value?.trim() || undefined;
  const problem = user === undefined ? undefined : userProblem(user);
  if (problem) throw invalidHeader(H.user, problem);
  return user;
}

function tagsHeader(value: string | null | undefined): string[] | undefined {
  const tags = commaList(value);
  const problem = tags && tagsProblem(tags);
  if (problem) throw invalidHeader(H.tags, problem);
  return tags;
}

const BAD_METADATA = 'expected a JSON object with string values, e.g. {"team":"search"}.';

function metadataHeader(value: string | null | undefined): Record<string, string> | undefined {
  if (!value?.trim()) return undefined;
  if (value.length > MAX_METADATA_HEADER_BYTES) {
    throw invalidHeader(
      H.metadata,
      `must be at most ${MAX_METADATA_HEADER_BYTES} bytes; got ${value.length}.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw invalidHeader(H.metadata, BAD_METADATA);
  }
  const valid =
    json !== null &&
    typeof json === 'object' &&
    !Array.isArray(json) &&
    Object.values(json).every((v) => typeof v === 'string');
  if (!valid) throw invalidHeader(H.metadata, BAD_METADATA);
  const metadata = json as Record<string, string>;
  const problem = metadataProblem(metadata);
  if (problem) throw invalidHeader(H.metadata, problem);
  return metadata;
}

function invalidHeader(name: string, problem: string) {
  return invalidRequest(`${name}: ${problem}`, 'invalid_header', name);
}
