import type { ProviderSpec } from '../catalog/providers';

/**
 * Headers for one upstream request, in rising precedence: the caller's extra headers, then the
 * content type, then the provider's fixed headers (Kimi's User-Agent must always win), then auth.
 * Errors never quote a header value: the value may be the API key.
 */
export function buildUpstreamHeaders(
  provider: ProviderSpec,
  apiKey: string | undefined,
  extra?: Record<string, string>,
  contentType?: string,
): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(extra ?? {})) setHeader(headers, name, value);
  if (contentType) headers.set('content-type', contentType);
  for (const [name, value] of Object.entries(provider.headers ?? {})) {
    setHeader(headers, name, value);
  }
  if (apiKey !== undefined) {
    if (!isValidHeaderValue(apiKey)) {
      throw new TypeError(
        `The API key for ${provider.name} contains characters not allowed in a header`,
      );
    }
    const [name, value] = authHeader(provider, apiKey);
    headers.set(name, value);
  }
  return headers;
}

/** The auth header a provider expects for a key. */
export function authHeader(provider: ProviderSpec, apiKey: string): [name: string, value: string] {
  switch (provider.auth) {
    case 'bearer':
      return ['authorization', `Bearer ${apiKey}`];
    case 'x-api-key':
      return ['x-api-key', apiKey];
    case 'api-key':
      return ['api-key', apiKey];
  }
}

function setHeader(headers: Headers, name: string, value: string): void {
  try {
    headers.set(name, value);
  } catch {
    throw new TypeError(`Invalid upstream header '${name}'`);
  }
}

/** Header values may not hold CR, LF or NUL, nor code points above 0xFF (fetch rejects them). */
function isValidHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || code === 10 || code === 13 || code > 0xff) return false;
  }
  return true;
}
