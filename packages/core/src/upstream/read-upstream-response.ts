import { UpstreamHttpError } from '../errors/upstream-http-error';
import { redactSecrets } from '../util/redact';
import { bodyBytesOf } from './read-sse';

/** A non-2xx answer larger than this is cut when read for its message. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Longest non-streaming upstream answer read by default (16 MiB); larger is a bad gateway. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * The error of a non-2xx upstream answer: its status and headers, and the upstream's own
 * `message`, `type`, `code` and `param` when it sent an OpenAI-shaped error body. The message is
 * the upstream's words (redacted of `secrets`); the provider goes in its own field.
 */
export async function upstreamHttpError(
  response: Response,
  provider: string,
  secrets: readonly (string | undefined)[],
  convert?: (body: unknown, status: number) => unknown,
): Promise<UpstreamHttpError> {
  const text = await readCappedText(response, MAX_ERROR_BODY_BYTES, provider, true).catch(() => '');
  let body: unknown = text;
  try {
    // Every string of the body redacted: it is kept on the error, which may be logged.
    body = JSON.parse(text, (_key, value: unknown) =>
      typeof value === 'string' ? redactSecrets(value, secrets) : value,
    );
  } catch {}
  const shaped = convert ? convert(body, response.status) : body;
  const detail = errorDetail(shaped);
  const message = detail.message ?? (text.slice(0, 500) || `HTTP ${response.status}`);
  return new UpstreamHttpError({
    status: response.status,
    message: redactSecrets(message, secrets),
    headers: Object.fromEntries(response.headers),
    body: typeof body === 'string' ? redactSecrets(body, secrets) : body,
    provider,
    type: detail.type,
    code: detail.code,
    param: detail.param,
  });
}

function errorDetail(body: unknown): {
  message?: string | undefined;
  type?: string | undefined;
  code?: string | undefined;
  param?: string | undefined;
} {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error === 'string') return { message: error };
  const detail = (error ?? body) as Record<string, unknown> | undefined;
  if (!detail || typeof detail !== 'object') return {};
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  return {
    message: text(detail['message']),
    type: text(detail['type']),
    code:
      text(detail['code']) ??
      (typeof detail['code'] === 'number' ? String(detail['code']) : undefined),
    param: text(detail['param']),
  };
}

/**
 * Reads a body as text, refusing past `maxBytes` (a 502: a gateway does not hold an unbounded
 * answer in memory). `truncate` cuts instead, for error bodies read only for their message.
 */
export async function readCappedText(
  response: Response,
  maxBytes: number,
  provider: string,
  truncate = false,
): Promise<string> {
  // A runtime's own body reader (the server's Node transport) needs no header look-up: it
  // reads the bytes counted as they come, without a web stream.
  const bytes = bodyBytesOf(response);
  const own = bytes instanceof ReadableStream ? undefined : bytes;
  if (!own) {
    const declared = Number(response.headers.get('content-length'));
    if (declared > 0 && declared <= maxBytes) return response.text();
    if (!response.body) return '';
  }
  const reader = own ?? (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  while (true) {
    const next = await reader.read();
    if (next.done) return text + decoder.decode();
    size += next.value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      if (truncate) return text;
      throw new UpstreamHttpError({
        status: 502,
        message: `${provider} answered with more than ${maxBytes} bytes (the gateway's limit)`,
        provider,
        code: 'response_too_large',
      });
    }
    text += decoder.decode(next.value, { stream: true });
  }
}

/** A 2xx whose body cannot be used counts as a bad gateway (retried, then the next target). */
export function unusableAnswer(provider: string, what: string): UpstreamHttpError {
  return new UpstreamHttpError({ status: 502, message: `${provider} ${what}`, provider });
}
