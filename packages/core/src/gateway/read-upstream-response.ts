import { UpstreamHttpError } from '../errors/upstream-http-error';
import { redactSecrets } from '../util/redact';

/**
 * Throws an `UpstreamHttpError` for a non-2xx upstream answer, carrying its status, headers and
 * message (from an OpenAI-shaped error body when there is one), redacted of `secrets`.
 */
export async function throwIfNotOk(
  response: Response,
  provider: string,
  secrets: readonly (string | undefined)[],
): Promise<void> {
  if (response.ok) return;
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  const upstreamMessage = messageOf(body) ?? (text.slice(0, 500) || response.statusText);
  throw new UpstreamHttpError({
    status: response.status,
    message: redactSecrets(`${provider} returned ${response.status}: ${upstreamMessage}`, secrets),
    headers: Object.fromEntries(response.headers),
    body,
    provider,
  });
}

function messageOf(body: unknown): string | undefined {
  const error = (body as { error?: unknown })?.error;
  if (typeof error === 'string') return error;
  const message =
    (error as { message?: unknown })?.message ?? (body as { message?: unknown })?.message;
  return typeof message === 'string' ? message : undefined;
}
