/** `https://x/v1//` → `https://x/v1`. */
export function stripTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47 /* '/' */) end--;
  return url.slice(0, end);
}

/**
 * Joins a base URL and an absolute path (`/chat/completions`) with exactly one slash. A query
 * on the base URL (`…/v1?api-version=x`) stays at the end, after the path.
 */
export function joinUrl(baseURL: string, path: string): string {
  const query = baseURL.indexOf('?');
  const base = query === -1 ? baseURL : baseURL.slice(0, query);
  const rest = query === -1 ? '' : baseURL.slice(query);
  return stripTrailingSlashes(base) + (path.startsWith('/') ? path : `/${path}`) + rest;
}
