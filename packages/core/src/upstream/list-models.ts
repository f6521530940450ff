import type { ProviderSpec } from '../catalog/providers';
import { UpstreamHttpError } from '../errors/upstream-http-error';
import { joinUrl } from '../util/join-url';
import { redactSecrets } from '../util/redact';
import { ANTHROPIC_VERSION } from './anthropic-upstream';
import { buildUpstreamHeaders } from './upstream-headers';

/** One entry of `GET /v1/models`, OpenAI-shaped. */
export interface ListedModel {
  id: string;
  object: 'model';
  /** Unix seconds; 0 when the provider does not say. */
  created: number;
  owned_by: string;
}

/** Options of `listProviderModels`. */
export interface ListProviderModelsOptions {
  provider: ProviderSpec;
  baseURL: string;
  apiKey?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Return ids as `provider/model` (the forcing form), for an aggregated list. */
  prefixIds?: boolean;
  /** Extra request headers; the provider's fixed headers and auth win over them. */
  headers?: Record<string, string>;
}

// Anthropic pages its list (20 by default); 1000 is its maximum page size.
const ANTHROPIC_PAGE_QUERY = '?limit=1000';
const MAX_ERROR_TEXT = 500;

/**
 * Lists one provider's models (`GET baseURL + modelsPath`) as OpenAI model objects. OpenAI-style
 * lists and Anthropic's `{ data: [{ id, created_at, display_name }] }` are both normalised.
 * Throws `UpstreamHttpError` (with the status, message redacted) on a non-2xx answer.
 */
export async function listProviderModels(
  options: ListProviderModelsOptions,
): Promise<ListedModel[]> {
  const { provider, apiKey } = options;
  const query = provider.wire === 'anthropic' ? ANTHROPIC_PAGE_QUERY : '';
  const doFetch = options.fetch ?? globalThis.fetch;
  const response = await doFetch(joinUrl(options.baseURL, provider.modelsPath) + query, {
    method: 'GET',
    headers: buildUpstreamHeaders(provider, apiKey, requestHeaders(options)),
    signal: options.signal,
  });
  const text = await response.text();
  if (!response.ok) throw modelsHttpError(provider, response, text, apiKey);
  const entries = modelEntries(parseJson(text));
  if (!entries) {
    throw new Error(`${provider.name} returned an unexpected model list (no 'data' array)`);
  }
  const prefix = options.prefixIds ? `${provider.id}/` : '';
  return entries.flatMap((entry) => {
    const model = normalizeModel(entry, provider);
    return model ? [{ ...model, id: prefix + model.id }] : [];
  });
}

/** Anthropic needs a version header; the caller may pin another one. */
function requestHeaders(options: ListProviderModelsOptions): Record<string, string> | undefined {
  if (options.provider.wire !== 'anthropic') return options.headers;
  return { 'anthropic-version': ANTHROPIC_VERSION, ...options.headers };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `{ data: [...] }` (OpenAI, Anthropic) or a bare array (some compatible servers). */
function modelEntries(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  const data = (json as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? data : undefined;
}

function normalizeModel(entry: unknown, provider: ProviderSpec): ListedModel | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const e = entry as Record<string, unknown>;
  if (typeof e.id !== 'string' || !e.id) return undefined;
  return {
    // Gemini lists `models/gemini-2.5-flash` but is called with `gemini-2.5-flash`.
    id: e.id.startsWith('models/') ? e.id.slice('models/'.length) : e.id,
    object: 'model',
    created: createdSeconds(e),
    owned_by: typeof e.owned_by === 'string' && e.owned_by ? e.owned_by : provider.id,
  };
}

function createdSeconds(e: Record<string, unknown>): number {
  if (typeof e.created === 'number' && Number.isFinite(e.created)) return e.created;
  if (typeof e.created_at === 'string') {
    const ms = Date.parse(e.created_at);
    if (Number.isFinite(ms)) return Math.floor(ms / 1000);
  }
  return 0;
}

function modelsHttpError(
  provider: ProviderSpec,
  response: Response,
  text: string,
  apiKey: string | undefined,
): UpstreamHttpError {
  // Upstreams echo keys back ("Incorrect API key provided: sk-…"); redact before anything else.
  const redacted = redactSecrets(text, [apiKey]);
  const body = parseJson(redacted);
  return new UpstreamHttpError({
    status: response.status,
    message: `${provider.name} model list failed with status ${response.status}: ${errorDetail(body, redacted)}`,
    headers: Object.fromEntries(response.headers),
    body: body ?? (redacted || undefined),
    provider: provider.id,
  });
}

/** OpenAI `{ error: { message } }`, Anthropic `{ error: { message } }`, or the raw text. */
function errorDetail(body: unknown, text: string): string {
  const b = body as { error?: { message?: unknown } | string; message?: unknown } | undefined;
  const message =
    typeof b?.error === 'string'
      ? b.error
      : typeof b?.error?.message === 'string'
        ? b.error.message
        : b?.message;
  if (typeof message === 'string' && message) return message;
  return text.slice(0, MAX_ERROR_TEXT) || 'no body';
}
