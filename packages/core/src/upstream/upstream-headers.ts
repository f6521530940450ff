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
): Record<string, string> {
  // A plain object with lower-cased names: a `Headers` instance costs more than the rest of
  // building the request, and every transport accepts this.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra ?? {})) setHeader(headers, name, value);
  if (contentType) headers['content-type'] = contentType;
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
    headers[name] = value;
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
    case 'cf-aig':
      return ['cf-aig-authorization', `Bearer ${apiKey}`];
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function setHeader(headers: Record<string, string>, name: string, value: string): void {
  if (!TOKEN.test(name) || !isValidHeaderValue(value)) {
    throw new TypeError(`Invalid upstream header '${TOKEN.test(name) ? name : '(invalid name)'}'`);
  }
  headers[name.toLowerCase()] = value;
}

/** Header values may not hold CR, LF or NUL, nor code points above 0xFF (fetch rejects them). */
function isValidHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || code === 10 || code === 13 || code > 0xff) return false;
  }
  return true;
}
